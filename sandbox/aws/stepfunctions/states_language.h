// Amazon States Language checks the Step Functions emulator makes on a definition before
// CreateStateMachine / UpdateStateMachine accept it: the text is a JSON object; StartAt names a
// state of a non-empty States map; every state has a known Type (Task, Pass, Choice, Wait,
// Succeed, Fail, Parallel, Map) and the fields that type requires (Task: Resource; Choice:
// Choices; Wait: one of Seconds/Timestamp/SecondsPath/TimestampPath; Parallel: Branches; Map:
// ItemProcessor or Iterator); every state but Choice, Succeed and Fail has exactly one of Next
// and End; every Next / Default names a state of the same machine; Parallel branches and Map
// processors are checked as machines of their own. Written by hand: no Debian package validates
// ASL. Messages follow AWS's: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED:
// These fields are required: [StartAt] at /'".
// Thread-safety: pure function.
#pragma once

#include <string>

namespace causeway::sandbox {

// "" when `definition` is a valid state machine; otherwise the InvalidDefinition message.
std::string CheckStatesLanguage(const std::string& definition);

}  // namespace causeway::sandbox

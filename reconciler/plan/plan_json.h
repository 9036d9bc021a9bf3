// The plan's JSON form: a stable, documented schema (README "Plan JSON") used by --json and by
// saved plan files. Round-trips exactly: PlanFromJson(PlanToJson(p)) == p. Sensitive values are
// rendered as "(sensitive)" and never written.
#pragma once

#include "reconciler/plan/plan.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway {

Value PlanToJson(const Plan& plan);
// InvalidArgument naming the field when the document does not follow the schema.
Result<Plan> PlanFromJson(const Value& json);

}  // namespace causeway

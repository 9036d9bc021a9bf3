# Seed 003's trigger: an S3 notification for a new CSV file starts the state machine with the
# file's S3 path. STATE_MACHINE_ARN comes from the function's environment (set by Causeway from
# the state machine's output).
import json
import os
import urllib.parse

import boto3

sfn = boto3.client("stepfunctions")


def handler(event, _context):
    started = []
    for record in event.get("Records", []):
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        run = sfn.start_execution(
            stateMachineArn=os.environ["STATE_MACHINE_ARN"],
            input=json.dumps({"source_path": f"s3://{bucket}/{key}"}),
        )
        started.append(run["executionArn"])
    return {"started": started}

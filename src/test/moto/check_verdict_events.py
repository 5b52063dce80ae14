#!/usr/bin/env python3
"""Verdict events against moto: EventBridge rule -> SQS target, fed by `bin/virtus scan` (its marking key from moto's
Secrets Manager).

Starts moto_server on a free loopback port, creates a bucket with a fake and a real fixture image, an
event bus with a rule matching `virtus.scan` / `Virtus Scan Result` that targets an SQS queue, runs the
packaged command line's backfill against it (tags written to moto's S3, events published by the SDK's
EventBridge client, which finds moto through AWS_ENDPOINT_URL alone: no project endpoint setting), then reads
the queue and checks every event's documented shape.
Needs the packaged application (./mvnw package) and moto_server with boto3 on PATH. Exit code 0: passed.
"""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "src/test/resources/fixtures"
MODEL = FIXTURES / "models/deit-tiny-standin"
DETAIL_FIELDS = {"bucket", "key", "versionId", "eTag", "status", "label", "score", "probabilities", "model", "recorded",
                 "scannedAt", "trigger"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1",
                   AWS_DEFAULT_REGION="us-east-1")
        os.environ.update({k: env[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")})
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        s3 = boto3.client("s3", endpoint_url=endpoint)
        events = boto3.client("events", endpoint_url=endpoint)
        sqs = boto3.client("sqs", endpoint_url=endpoint)

        s3.create_bucket(Bucket="uploads")
        s3.put_object(Bucket="uploads", Key="faces/fake one.png", Body=(FIXTURES / "images/png-224x224.png").read_bytes())
        s3.put_object(Bucket="uploads", Key="faces/real.png", Body=(FIXTURES / "images/png-rgb.png").read_bytes())
        bus_arn = events.create_event_bus(Name="virtus-verdicts")["EventBusArn"]
        queue_url = sqs.create_queue(QueueName="verdicts")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_rule(Name="virtus-results", EventBusName="virtus-verdicts",
                        EventPattern=json.dumps({"source": ["virtus.scan"], "detail-type": ["Virtus Scan Result"]}))
        events.put_targets(Rule="virtus-results", EventBusName="virtus-verdicts", Targets=[{"Id": "queue", "Arn": queue_arn}])
        # The marking key as the Terraform module keeps it: a Secrets Manager secret, read through AWS_ENDPOINT_URL too.
        secrets = boto3.client("secretsmanager", endpoint_url=endpoint)
        secrets.create_secret(Name="virtus-scan-marking-key", SecretString=secrets.get_random_password(PasswordLength=64,
                                                                                                       ExcludePunctuation=True)["RandomPassword"])

        run = subprocess.run([str(ROOT / "bin/virtus"), "scan", "--model", str(MODEL), "--endpoint-url", endpoint, "s3://uploads/faces/"],
                             env=dict(env, VIRTUS_EVENTS_EVENT_BUS=bus_arn, VIRTUS_MARKING_KEY_SECRET="virtus-scan-marking-key",
                                      AWS_ENDPOINT_URL=endpoint),
                             capture_output=True, text=True, timeout=300)
        print(run.stdout + run.stderr)
        if run.returncode != 0:
            sys.exit(f"bin/virtus scan exited {run.returncode}")

        received = []
        for _ in range(10):
            for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
                received.append(json.loads(message["Body"]))
            if len(received) >= 2:
                break
        by_key = {event["detail"]["key"]: event for event in received}
        assert set(by_key) == {"faces/fake one.png", "faces/real.png"}, f"events for {sorted(by_key)}"
        for key, event in by_key.items():
            assert event["source"] == "virtus.scan", event
            assert event["detail-type"] == "Virtus Scan Result", event
            assert event["resources"] == [f"arn:aws:s3:::uploads/{key}"], event
            detail = event["detail"]
            missing = DETAIL_FIELDS - set(detail) - {"versionId"}
            assert not missing, f"{key}: missing {missing} in {detail}"
            assert detail["trigger"] == "cli" and detail["recorded"] is True, detail
            assert abs(sum(detail["probabilities"].values()) - 1) < 1e-6, detail
            tags = {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket="uploads", Key=key)["TagSet"]}
            assert tags["deepfake-status"] == detail["status"], (tags, detail)
        assert by_key["faces/fake one.png"]["detail"]["status"] == "FAKE"
        print(f"verdict events: {len(received)} received through moto's EventBridge rule and SQS target, shapes checked: PASS")
    finally:
        moto.terminate()
        moto.wait(timeout=10)


if __name__ == "__main__":
    main()

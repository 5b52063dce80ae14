#!/usr/bin/env python3
"""Checks a Virtus Scan example deployed into moto_server, through the emulator's AWS APIs.

Used by emulator.sh:
  check_emulator.py prepare-existing-bucket BUCKET
  check_emulator.py check EXAMPLE OUTPUTS_JSON
  check_emulator.py check-jvm-plan EXAMPLE PLAN_JSON       (the default runtime_mode, with write_mode both)
  check_emulator.py check-rewrite-plan EXAMPLE PLAN_JSON   (write_mode both: copies still trigger scan)
  check_emulator.py check-destroyed EXAMPLE OUTPUTS_JSON
Environment: VIRTUS_TEST_ENDPOINT, VIRTUS_TEST_REGION, VIRTUS_TEST_MODEL_DIR.
Exits non-zero with the list of failed expectations.
"""
import hashlib
import json
import os
import shlex
import sys

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["VIRTUS_TEST_ENDPOINT"]
REGION = os.environ.get("VIRTUS_TEST_REGION", "us-east-1")
MODEL_DIR = os.environ["VIRTUS_TEST_MODEL_DIR"]
ACCOUNT = "123456789012"  # moto's default account

DEFAULT_BUS_ARN = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"

MODEL_FILES = ["config.json", "preprocessor_config.json", "manifest.json", "model.onnx"]

EXAMPLES = {
    "new-bucket": {
        "name": "virtus-scan",
        "bucket": "virtus-test-uploads",
        "artifacts_bucket": "virtus-test-artifacts",
        "memory": 3008,
        "prefixes": ["uploads/"],
        "suffixes": [".jpg", ".jpeg", ".png", ".webp"],
        "trigger": "s3_notification",
        "enforcement": True,
        "enforcement_sids": {"DenyReadingObjectsNotTaggedReal", "DenyCopyingObjectsFromOtherBuckets",
                             "DenyChangingTagsOfScannedObjects", "DenyForgingVerdictTags", "DenyReplicationByOthers",
                             # deny_unscannable_uploads follows allow_real
                             "DenyUploadsEncryptedWithCustomerKeys", "DenyUploadsToArchiveStorageClasses"},
        "versioned": True,
        "classify_buckets": ["virtus-test-uploads"],
        "alarm_topic": True,
        # Verdict events on the default bus, FAKE verdicts mailed (emulator.sh passes one address).
        "events": True,
        "fake_notification_emails": ["deepfake-alerts@example.com"],
        # Backfill role, reports under batch-reports/ of the scanned bucket.
        "batch_operations": {"report_prefix": "batch-reports"},
    },
    "existing-bucket-eventbridge": {
        "name": "virtus-scan-eb",
        "bucket": "virtus-test-existing",
        "memory": 2048,
        "prefixes": ["incoming/"],
        "suffixes": [],
        "trigger": "eventbridge",
        "enforcement": False,
        "classify_buckets": [],
        "alarm_topic": False,
    },
    "gpu-service": {
        "name": "virtus-scan-gpu",
        "bucket": "virtus-test-gpu-uploads",
        "artifacts_bucket": "virtus-test-gpu-artifacts",
        "memory": 3008,
        "prefixes": ["uploads/"],
        "suffixes": [".jpg", ".png"],
        "trigger": "s3_notification",
        "target": "gpu_service",
        "enforcement": True,
        "classify_buckets": [],
        "alarm_topic": False,
        "enforcement_sids": {"DenyChangingTagsOfScannedObjects", "DenyForgingVerdictTags", "DenyReplicationByOthers"},
        "taggers": ["scan", "gpu-task"],
        "gpu": {"min": 1, "max": 3, "max_instances": 3, "stop_timeout": 90, "batch": "16",
                "cpu": 3072, "memory": 12288, "tag": "1.0.0", "max_receive": 5},
    },
}

failures = []

# What the trigger hands to scan: new objects (copies included) and completed restores of archived ones.
SCAN_EVENTS = ["s3:ObjectCreated:*", "s3:ObjectRestore:Completed"]
SCAN_DETAIL_TYPES = ["Object Created", "Object Restore Completed"]


def expect(condition, message):
    if not condition:
        failures.append(message)
    return condition


def expect_equal(actual, expected, what):
    return expect(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def client(service):
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def as_list(value):
    return value if isinstance(value, list) else [value]


def finish(what):
    if failures:
        print(f"FAIL {what}:", file=sys.stderr)
        for f in failures:
            print(f"  - {f}", file=sys.stderr)
        sys.exit(1)
    print(f"ok   {what}")


# --------------------------------------------------------------------------------------------


def prepare_existing_bucket(bucket):
    s3 = client("s3")
    s3.create_bucket(Bucket=bucket)
    # The bucket's owner turns on EventBridge delivery (the module is told not to own it).
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    if "EventBridgeConfiguration" not in s3.get_bucket_notification_configuration(Bucket=bucket):
        note(EVENTBRIDGE_UNREPORTED)
    print(f"ok   existing bucket {bucket} created with EventBridge delivery on")


# moto 5 stores EventBridgeConfiguration (and sends events for it) but leaves it out of
# GetBucketNotificationConfiguration: the flag is checked only where the emulator reports it.
EVENTBRIDGE_UNREPORTED = ("the emulator does not report EventBridgeConfiguration in GetBucketNotificationConfiguration; "
                          "the bucket's EventBridge flag is not checked")


def note(message):
    print(f"note {message}")


def eventbridge_flag_ok(conf):
    if "EventBridgeConfiguration" in conf:
        return True
    note(EVENTBRIDGE_UNREPORTED)
    return None


def expected_environment(spec, function, model_location, out):
    env = {
        "QUARKUS_FUNQY_EXPORT": function,
        "VIRTUS_MODEL_LOCATION": model_location,
        "VIRTUS_MODEL_FILE": "model.onnx",
        "VIRTUS_MODEL_POSITIVE_LABEL": "fake",
        "VIRTUS_MODEL_CACHE_DIRECTORY": "/tmp/virtus-model",
        "VIRTUS_INFERENCE_INTRA_OP_THREADS": "2",
        "VIRTUS_THRESHOLD": "0.5",
        "VIRTUS_DECODE_MAX_BYTES": "20971520",
        "VIRTUS_METRICS_NAMESPACE": "VirtusScan",
    }
    if function == "scan":
        env["VIRTUS_WRITE_MODE"] = "tags"
        env["VIRTUS_TAGS_PREFIX"] = "deepfake-"
        if spec["prefixes"]:
            env["VIRTUS_SCAN_INCLUDE_PREFIXES"] = ",".join(spec["prefixes"])
        if spec["suffixes"]:
            env["VIRTUS_SCAN_INCLUDE_SUFFIXES"] = ",".join(spec["suffixes"])
        if spec.get("events"):
            env["VIRTUS_EVENTS_EVENT_BUS"] = "default"
        # The marking key is read by scan only; the enforcement mode decides where REAL may be recorded.
        env["VIRTUS_MARKING_KEY_SECRET"] = f"{spec['name']}-marking-key"
        env["VIRTUS_ENFORCEMENT_MODE"] = out["enforcement_mode"]
        env["VIRTUS_ENFORCEMENT_REAL_STATUS"] = "REAL"
    return env


def check_functions(spec, out):
    lam = client("lambda")
    model_location = f"s3://{out['artifacts_bucket_name']}/model"
    if "artifacts_bucket" in spec:
        expect_equal(out["artifacts_bucket_name"], spec["artifacts_bucket"], "artifacts bucket name")
    expect_equal(out["model_location"], model_location, "output model_location")
    for function, timeout in (("scan", 60), ("classify", 30)):
        name = f"{spec['name']}-{function}"
        expect_equal(out[f"{function}_function_name"], name, f"output {function}_function_name")
        try:
            conf = lam.get_function_configuration(FunctionName=name)
        except ClientError as e:
            expect(False, f"function {name} missing: {e}")
            continue
        expect_equal(conf["FunctionArn"], out[f"{function}_function_arn"], f"{name} ARN")
        expect_equal(conf["Runtime"], "provided.al2023", f"{name} runtime")
        expect_equal(conf["Handler"], "not.used.in.provided.runtime", f"{name} handler")
        expect_equal(conf["MemorySize"], spec["memory"], f"{name} memory")
        expect_equal(conf["Timeout"], timeout, f"{name} timeout")
        expect_equal(conf.get("Architectures"), ["x86_64"], f"{name} architectures")
        expect_equal(conf.get("EphemeralStorage", {}).get("Size"), 1024, f"{name} ephemeral storage")
        expect_equal(
            conf.get("Environment", {}).get("Variables"),
            expected_environment(spec, function, model_location, out),
            f"{name} environment",
        )
        expect_equal(
            conf["Role"],
            f"arn:aws:iam::{ACCOUNT}:role/{spec['name']}-{function}",
            f"{name} role",
        )


def check_artifacts(out):
    s3 = client("s3")
    bucket = out["artifacts_bucket_name"]
    expect_equal(s3.get_bucket_versioning(Bucket=bucket).get("Status"), "Enabled", "artifacts versioning")
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    expect_equal(
        rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "AES256", "artifacts encryption"
    )
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    expect(all(block.values()) and len(block) == 4, f"artifacts public access block: {block}")
    for f in MODEL_FILES:
        with open(os.path.join(MODEL_DIR, f), "rb") as local:
            want = hashlib.sha256(local.read()).hexdigest()
        body = s3.get_object(Bucket=bucket, Key=f"model/{f}")["Body"].read()
        expect_equal(hashlib.sha256(body).hexdigest(), want, f"uploaded model/{f} content")
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
    expect_equal(keys, sorted(["package/function.zip"] + [f"model/{f}" for f in MODEL_FILES]), "artifacts keys")


def check_notification(spec, out):
    s3 = client("s3")
    conf = s3.get_bucket_notification_configuration(Bucket=spec["bucket"])
    conf.pop("ResponseMetadata", None)
    gpu_target = spec.get("target") == "gpu_service"
    expect(not conf.get("TopicConfigurations") and (gpu_target or not conf.get("QueueConfigurations")),
           f"unexpected queue/topic notifications: {conf}")
    if spec["trigger"] == "eventbridge":
        expect(eventbridge_flag_ok(conf) is not False, "EventBridge delivery of the existing bucket was lost")
        expect(not conf.get("LambdaFunctionConfigurations"), f"eventbridge mode wrote Lambda notifications: {conf}")
        return
    if gpu_target:
        # A bucket has one notification configuration: the queue replaces the Lambda target.
        expect(not conf.get("LambdaFunctionConfigurations"), f"gpu_service target also notifies Lambda: {conf}")
        targets, arn_key, want_arn, kind = conf.get("QueueConfigurations", []), "QueueArn", out["gpu_queue_arn"], "Queue"
    else:
        targets, arn_key, want_arn, kind = (conf.get("LambdaFunctionConfigurations", []), "LambdaFunctionArn",
                                            out["scan_function_arn"], "Lambda")
    seen = set()
    for c in targets:
        expect_equal(c[arn_key], want_arn, f"notification {c.get('Id')} target")
        expect_equal(sorted(c["Events"]), SCAN_EVENTS, f"notification {c.get('Id')} events")
        rules = {r["Name"].lower(): r["Value"] for r in c.get("Filter", {}).get("Key", {}).get("FilterRules", [])}
        seen.add((rules.get("prefix"), rules.get("suffix")))
    want = {(p, s) for p in spec["prefixes"] for s in spec["suffixes"]}
    expect_equal(seen, want, "notification (prefix, suffix) filters")
    expect_equal(len(targets), len(want), f"number of {kind} notification configurations")


def lambda_policy_statements(function_name):
    policy = client("lambda").get_policy(FunctionName=function_name)["Policy"]
    return json.loads(policy)["Statement"]


def check_trigger_permission(spec, out):
    if spec.get("target") == "gpu_service":
        try:
            statements = lambda_policy_statements(out["scan_function_name"])
        except ClientError:
            statements = []
        expect_equal(statements, [], "scan's resource policy with scan_target = gpu_service")
        return
    statements = lambda_policy_statements(out["scan_function_name"])
    expect_equal(len(statements), 1, "statements in scan's resource policy")
    st = statements[0]
    expect_equal(st["Action"], "lambda:InvokeFunction", "scan permission action")
    cond = st.get("Condition", {})
    if spec["trigger"] == "s3_notification":
        expect_equal(st["Principal"], {"Service": "s3.amazonaws.com"}, "scan permission principal")
        expect_equal(cond.get("ArnLike", {}).get("AWS:SourceArn"), f"arn:aws:s3:::{spec['bucket']}",
                     "scan permission source ARN")
        expect_equal(cond.get("StringEquals", {}).get("AWS:SourceAccount"), ACCOUNT, "scan permission source account")
    else:
        rule_arn = out["eventbridge_rule_arn"]
        expect_equal(st["Principal"], {"Service": "events.amazonaws.com"}, "scan permission principal")
        expect_equal(cond.get("ArnLike", {}).get("AWS:SourceArn"), rule_arn, "scan permission source ARN")


def check_eventbridge(spec, out):
    if spec["trigger"] != "eventbridge":
        return
    events = client("events")
    rule = events.describe_rule(Name=f"{spec['name']}-object-created")
    expect_equal(rule["Arn"], out["eventbridge_rule_arn"], "rule ARN")
    expect_equal(rule.get("State"), "ENABLED", "rule state")
    pattern = json.loads(rule["EventPattern"])
    expect_equal(pattern, {
        "source": ["aws.s3"],
        "detail-type": SCAN_DETAIL_TYPES,
        "detail": {
            "bucket": {"name": [spec["bucket"]]},
            "object": {"key": [{"prefix": p} for p in spec["prefixes"]]},
        },
    }, "rule event pattern")
    targets = events.list_targets_by_rule(Rule=rule["Name"])["Targets"]
    expect_equal(len(targets), 1, "rule targets")
    if targets:
        expect_equal(targets[0]["Arn"], out["scan_function_arn"], "rule target")
        expect_equal(targets[0].get("DeadLetterConfig", {}).get("Arn"), dlq_arn(out), "rule target dead-letter queue")
        expect_equal(targets[0].get("RetryPolicy"), {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 3600},
                     "rule target retry policy")
    policy = json.loads(client("sqs").get_queue_attributes(QueueUrl=out["dlq_url"], AttributeNames=["Policy"])
                        ["Attributes"]["Policy"])
    st = policy["Statement"]
    expect(len(st) == 1 and st[0]["Principal"] == {"Service": "events.amazonaws.com"}
           and as_list(st[0]["Action"]) == ["sqs:SendMessage"]
           and st[0]["Condition"]["ArnEquals"]["aws:SourceArn"] == rule["Arn"],
           f"DLQ policy lets only this rule send: {policy}")


def dlq_arn(out):
    attrs = client("sqs").get_queue_attributes(QueueUrl=out["dlq_url"], AttributeNames=["All"])["Attributes"]
    return attrs["QueueArn"]


def check_failures(spec, out):
    sqs = client("sqs")
    attrs = sqs.get_queue_attributes(QueueUrl=out["dlq_url"], AttributeNames=["All"])["Attributes"]
    expect_equal(attrs.get("SqsManagedSseEnabled"), "true", "DLQ SSE")
    expect_equal(attrs.get("MessageRetentionPeriod"), "1209600", "DLQ retention")
    lam = client("lambda")
    try:
        cfg = lam.get_function_event_invoke_config(FunctionName=out["scan_function_name"], Qualifier="$LATEST")
        expect_equal(cfg.get("MaximumRetryAttempts"), 2, "scan async retries")
        expect_equal(cfg.get("MaximumEventAgeInSeconds"), 3600, "scan async max event age")
        expect_equal(cfg.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination"), attrs["QueueArn"],
                     "scan on-failure destination")
    except ClientError as e:
        expect(False, f"scan event invoke config: {e}")

    groups = {g["logGroupName"]: g for g in client("logs").describe_log_groups(
        logGroupNamePrefix=f"/aws/lambda/{spec['name']}-")["logGroups"]}
    for function in ("scan", "classify"):
        g = groups.get(f"/aws/lambda/{spec['name']}-{function}")
        if expect(g is not None, f"log group of {function} missing"):
            expect_equal(g.get("retentionInDays"), 30, f"log group retention of {function}")

    alarms = {a["AlarmName"]: a for a in client("cloudwatch").describe_alarms(AlarmNamePrefix=spec["name"] + "-")
              ["MetricAlarms"]}
    want = {
        f"{spec['name']}-scan-errors": ("AWS/Lambda", "Errors"),
        f"{spec['name']}-classify-errors": ("AWS/Lambda", "Errors"),
        f"{spec['name']}-scan-throttles": ("AWS/Lambda", "Throttles"),
        f"{spec['name']}-classify-throttles": ("AWS/Lambda", "Throttles"),
        f"{spec['name']}-scan-dlq-not-empty": ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
    }
    if "gpu" in spec:
        want[f"{spec['name']}-gpu-dlq-not-empty"] = ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
    want[f"{spec['name']}-scan-results-error"] = ("VirtusScan", "ObjectsScanned")
    fake_rate = f"{spec['name']}-fake-rate"
    expect_equal(set(alarms) - {fake_rate}, set(want), "alarm names")
    expect(fake_rate in alarms, f"alarm {fake_rate} missing")
    topic = [t["TopicArn"] for t in client("sns").list_topics()["Topics"] if t["TopicArn"].endswith(f":{spec['name']}-alarms")]
    expect_equal(len(topic), 1 if spec["alarm_topic"] else 0, "alarm topics")
    for name, (namespace, metric) in want.items():
        a = alarms.get(name)
        if a is None:
            continue
        expect_equal((a["Namespace"], a["MetricName"]), (namespace, metric), f"alarm {name} metric")
        expect_equal(a.get("AlarmActions", []), topic, f"alarm {name} actions")
    check_result_alarms(spec, alarms, topic)


def check_result_alarms(spec, alarms, topic):
    """The alarms on scan's Embedded Metric Format counts: ERROR results, and the FAKE rate (metric math)."""
    a = alarms.get(f"{spec['name']}-scan-results-error")
    if a:
        expect_equal({d["Name"]: d["Value"] for d in a.get("Dimensions", [])}, {"Status": "ERROR"}, "ERROR alarm dimensions")
        expect_equal((a.get("Statistic"), a.get("Period"), a.get("Threshold"), a.get("ComparisonOperator"),
                      a.get("TreatMissingData")),
                     ("Sum", 300, 0.0, "GreaterThanThreshold", "notBreaching"), "ERROR alarm statistic/period/threshold")
    a = alarms.get(f"{spec['name']}-fake-rate")
    if not a:
        return
    expect_equal(a.get("AlarmActions", []), topic, "FAKE-rate alarm actions")
    expect_equal((a.get("Threshold"), a.get("ComparisonOperator"), a.get("EvaluationPeriods"), a.get("TreatMissingData")),
                 (0.5, "GreaterThanThreshold", 1, "notBreaching"), "FAKE-rate alarm threshold")
    expect("MetricName" not in a or not a.get("MetricName"), f"FAKE-rate alarm has a single metric: {a.get('MetricName')}")
    metrics = {m["Id"]: m for m in a.get("Metrics", [])}
    if not metrics:
        note("the emulator does not report the FAKE-rate alarm's metric-math queries; only its threshold is checked")
        return
    expect_equal(set(metrics), {"fake_rate", "real", "fake"}, "FAKE-rate alarm query ids")
    rate = metrics.get("fake_rate", {})
    expect_equal(rate.get("Expression"),
                 "IF((FILL(real, 0) + FILL(fake, 0)) >= 20, FILL(fake, 0) / (FILL(real, 0) + FILL(fake, 0)), 0)",
                 "FAKE-rate expression (with the 20-object guard)")
    expect_equal(rate.get("ReturnData"), True, "FAKE-rate expression returns the data")
    for mid, status in (("real", "REAL"), ("fake", "FAKE")):
        m = metrics.get(mid, {})
        stat = m.get("MetricStat", {})
        metric = stat.get("Metric", {})
        expect_equal((metric.get("Namespace"), metric.get("MetricName"),
                      {d["Name"]: d["Value"] for d in metric.get("Dimensions", [])}, stat.get("Stat"), stat.get("Period")),
                     ("VirtusScan", "ObjectsScanned", {"Status": status}, "Sum", 300), f"FAKE-rate query {mid}")
        expect(not m.get("ReturnData"), f"FAKE-rate query {mid} returns data")


def policy_documents(role_name):
    iam = client("iam")
    names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    attached = iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]
    expect_equal(attached, [], f"managed policies attached to {role_name}")
    expect_equal(names, [role_name], f"inline policies of {role_name}")
    docs = [iam.get_role_policy(RoleName=role_name, PolicyName=n)["PolicyDocument"] for n in names]
    return [json.loads(d) if isinstance(d, str) else d for d in docs]


SCAN_ACTIONS = {
    "logs:CreateLogStream", "logs:PutLogEvents", "s3:ListBucket",
    "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
    "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
    "sqs:SendMessage", "secretsmanager:GetSecretValue",
}
CLASSIFY_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents", "s3:GetObject", "s3:GetObjectVersion"}


def check_list_scanned_prefixes(spec, role, st):
    """s3:ListBucket, so that a key deleted before its scan reads as 404, not 403: the bucket, scanned prefixes only."""
    sid = st.get("Sid")
    expect_equal(as_list(st["Action"]), ["s3:ListBucket"], f"{role} {sid} actions")
    expect_equal(as_list(st["Resource"]), [f"arn:aws:s3:::{spec['bucket']}"], f"{role} {sid} resource")
    if spec["prefixes"]:
        cond = st.get("Condition", {})
        expect_equal(set(cond), {"StringLike"}, f"{role} {sid} condition operators")
        expect_equal(sorted(as_list(cond.get("StringLike", {}).get("s3:prefix", []))),
                     sorted(f"{p}*" for p in spec["prefixes"]), f"{role} {sid} s3:prefix")
    else:
        expect("Condition" not in st, f"{role} {sid}: no condition without scan_prefixes")


def check_iam(spec, out):
    iam = client("iam")
    artifacts = out["artifacts_bucket_name"]
    model_arns = {f"arn:aws:s3:::{artifacts}/model/{f}" for f in MODEL_FILES}
    bucket = spec["bucket"]
    scanned = {f"arn:aws:s3:::{bucket}/{p}*" for p in spec["prefixes"]} or {f"arn:aws:s3:::{bucket}/*"}
    readable = {f"arn:aws:s3:::{b}/*" for b in spec["classify_buckets"]}
    for function, allowed_actions in (("scan", SCAN_ACTIONS), ("classify", CLASSIFY_ACTIONS)):
        role = f"{spec['name']}-{function}"
        trust = iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        expect_equal([(s["Effect"], s["Principal"], as_list(s["Action"])) for s in trust["Statement"]],
                     [("Allow", {"Service": "lambda.amazonaws.com"}, ["sts:AssumeRole"])], f"{role} trust policy")
        log_streams = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/{role}:log-stream:*"
        actions = set()
        for doc in policy_documents(role):
            for st in doc["Statement"]:
                sid = st.get("Sid", "?")
                acts = set(as_list(st["Action"]))
                res = set(as_list(st["Resource"]))
                actions |= acts
                expect_equal(st["Effect"], "Allow", f"{role} {sid} effect")
                expect("NotAction" not in st and "NotResource" not in st, f"{role} {sid} uses Not*")
                expect(not any("*" in a for a in acts), f"{role} {sid} has a wildcard action: {acts}")
                expect("*" not in res, f"{role} {sid} grants on every resource")
                # Allowed resources per kind of action; a wildcard only in log streams and object keys.
                if acts & {"logs:CreateLogStream", "logs:PutLogEvents"}:
                    expect_equal(res, {log_streams}, f"{role} {sid} log resources")
                elif acts == {"sqs:SendMessage"}:
                    expect_equal(res, {dlq_arn(out)}, f"{role} {sid} queue")
                elif sid == "ReadModel":
                    expect_equal(acts, {"s3:GetObject"}, f"{role} {sid} actions")
                    expect_equal(res, model_arns, f"{role} {sid} model objects (no wildcard)")
                elif sid == "ListScannedPrefixes" and function == "scan":
                    check_list_scanned_prefixes(spec, role, st)
                elif sid == "ReadMarkingKey" and function == "scan":
                    expect_equal(acts, {"secretsmanager:GetSecretValue"}, f"{role} {sid} actions")
                    expect_equal(res, {out["marking_key_arn"]}, f"{role} {sid}: the marking key only")
                elif sid == "ReadBucketVersioning" and function == "scan":
                    expect_equal(out["enforcement_mode"], "allow_real", f"{role} {sid} without allow_real")
                    expect_equal(res, {f"arn:aws:s3:::{bucket}"}, f"{role} {sid} bucket")
                elif sid == "PublishVerdictEvents" and function == "scan":
                    expect(spec.get("events"), f"{role} may publish events with events off")
                    expect_equal(acts, {"events:PutEvents"}, f"{role} {sid} actions")
                    expect_equal(res, {DEFAULT_BUS_ARN}, f"{role} {sid} bus")
                elif function == "scan":
                    expect("Condition" not in st, f"{role} {sid} has a condition")
                    expect_equal(res, scanned, f"{role} {sid} scanned objects")
                else:
                    expect("Condition" not in st, f"{role} {sid} has a condition")
                    expect_equal(acts, {"s3:GetObject", "s3:GetObjectVersion"}, f"{role} {sid} actions")
                    expect_equal(res, readable, f"{role} {sid} readable objects")
        if function == "classify" and not spec["classify_buckets"]:
            allowed_actions = allowed_actions - {"s3:GetObjectVersion"}
        if function == "scan" and spec.get("events"):
            allowed_actions = allowed_actions | {"events:PutEvents"}
        if function == "scan" and out["enforcement_mode"] == "allow_real":
            allowed_actions = allowed_actions | {"s3:GetBucketVersioning"}
        expect_equal(actions, allowed_actions, f"{role} actions")
        expect(not any(a.startswith("s3:Put") or a.startswith("s3:Delete") for a in actions) or function == "scan",
               f"{role} may write to S3")


def exempt_readers(spec):
    """Roles the read Denies exempt: the example's admins (none), the two functions, the GPU tasks."""
    roles = ["scan", "classify"] + (["gpu-task"] if "gpu" in spec else [])
    return {f"arn:aws:iam::{ACCOUNT}:role/{spec['name']}-{r}" for r in roles}


def check_deny_statement(st, sid, actions, resources, conditions):
    """A Deny to everyone (principal *) of exactly these actions on these resources, under exactly these
    conditions ({operator: {key: set of values}})."""
    expect_equal(st.get("Effect"), "Deny", f"{sid} effect")
    expect(st.get("Principal") in ("*", {"AWS": "*"}, {"AWS": ["*"]}), f"{sid} principal: {st.get('Principal')}")
    expect("NotAction" not in st and "NotResource" not in st and "NotPrincipal" not in st, f"{sid} uses Not*")
    expect_equal(set(as_list(st.get("Action", []))), actions, f"{sid} actions")
    expect_equal(set(as_list(st.get("Resource", []))), resources, f"{sid} resources")
    got = {op: {k: set(as_list(v)) for k, v in keys.items()} for op, keys in st.get("Condition", {}).items()}
    expect_equal(got, conditions, f"{sid} conditions")


def check_enforcement(spec, out):
    s3 = client("s3")
    bucket = spec["bucket"]
    if spec.get("versioned"):
        # allow_real needs versioning: a verdict belongs to the version it judged.
        expect_equal(s3.get_bucket_versioning(Bucket=bucket).get("Status"), "Enabled", f"{bucket} versioning")
    try:
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as e:
        expect(not spec["enforcement"], f"no bucket policy on {bucket}: {e}")
        return
    expect(spec["enforcement"], f"unexpected bucket policy on {bucket}")
    st = {s["Sid"]: s for s in policy["Statement"]}
    expect_equal(set(st), spec.get("enforcement_sids", {"DenyReadingObjectsTaggedFake", "DenyChangingTagsOfScannedObjects",
                                                           "DenyForgingVerdictTags", "DenyReplicationByOthers"}),
                 "enforcement statements")
    expect_equal(out.get("enforcement_mode"),
                 "allow_real" if "DenyReadingObjectsNotTaggedReal" in st else
                 "deny_fake" if "DenyReadingObjectsTaggedFake" in st else "off", "output enforcement_mode")
    exempt = exempt_readers(spec)
    # Allow-list: unreadable unless tagged REAL, which also holds when there is no status tag at all.
    real = st.get("DenyReadingObjectsNotTaggedReal")
    if real:
        covered = {f"arn:aws:s3:::{bucket}/{p}*" for p in spec["prefixes"]} or {f"arn:aws:s3:::{bucket}/*"}
        read_actions = {"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTorrent", "s3:GetObjectVersionTorrent"}
        check_deny_statement(real, "DenyReadingObjectsNotTaggedReal", read_actions, covered, {
            "StringNotEquals": {"s3:ExistingObjectTag/deepfake-status": {"REAL"}},
            "ArnNotEquals": {"aws:PrincipalArn": exempt},
        })
    copies = st.get("DenyCopyingObjectsFromOtherBuckets")
    if copies:
        check_deny_statement(copies, "DenyCopyingObjectsFromOtherBuckets", {"s3:PutObject"}, {f"arn:aws:s3:::{bucket}/*"}, {
            "Null": {"s3:x-amz-copy-source": {"false"}},
            "StringNotLike": {"s3:x-amz-copy-source": {f"{bucket}/*", f"/{bucket}/*"}},
            "ArnNotEquals": {"aws:PrincipalArn": exempt},
        })
    fake = st.get("DenyReadingObjectsTaggedFake")
    if fake:
        expect_equal(fake["Effect"], "Deny", "fake reads effect")
        expect_equal(fake["Condition"].get("StringEquals"), {"s3:ExistingObjectTag/deepfake-status": "FAKE"},
                     "fake reads condition")
        expect_equal(set(as_list(fake["Condition"]["ArnNotEquals"]["aws:PrincipalArn"])), exempt, "fake reads exemptions")
    taggers = {f"arn:aws:iam::{ACCOUNT}:role/{spec['name']}-{r}" for r in spec.get("taggers", ["scan"])}
    tagging = {"s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"}
    s = st.get("DenyChangingTagsOfScannedObjects")
    if s:
        # Only the roles that write verdict tags: scan, and the GPU task role when there is one.
        check_deny_statement(s, "DenyChangingTagsOfScannedObjects", tagging, {f"arn:aws:s3:::{bucket}/*"}, {
            "Null": {"s3:ExistingObjectTag/deepfake-status": {"false"}},
            "ArnNotEquals": {"aws:PrincipalArn": taggers},
        })
    scanned = {f"arn:aws:s3:::{bucket}/{p}*" for p in spec["prefixes"]} or {f"arn:aws:s3:::{bucket}/*"}
    s = st.get("DenyUploadsEncryptedWithCustomerKeys")
    if s:
        # Nobody uploads what scan could never read: no exemptions.
        check_deny_statement(s, "DenyUploadsEncryptedWithCustomerKeys", {"s3:PutObject"}, scanned, {
            "Null": {"s3:x-amz-server-side-encryption-customer-algorithm": {"false"}},
        })
    s = st.get("DenyUploadsToArchiveStorageClasses")
    if s:
        check_deny_statement(s, "DenyUploadsToArchiveStorageClasses", {"s3:PutObject"}, scanned, {
            "StringEquals": {"s3:x-amz-storage-class": {"GLACIER", "DEEP_ARCHIVE"}},
        })
    s = st.get("DenyForgingVerdictTags")
    if s:
        check_deny_statement(s, "DenyForgingVerdictTags", {"s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"},
                             {f"arn:aws:s3:::{bucket}/*"}, {
                                 "ForAnyValue:StringLike": {"s3:RequestObjectTagKeys": {"deepfake-*"}},
                                 "ArnNotEquals": {"aws:PrincipalArn": taggers},
                             })
    s = st.get("DenyReplicationByOthers")
    if s:
        # Replicated tags could carry a verdict scan did not write: only the verdict writers (and the
        # replication roles the example names: none) may replicate into the bucket.
        check_deny_statement(s, "DenyReplicationByOthers", {"s3:ReplicateObject", "s3:ReplicateTags"}, {f"arn:aws:s3:::{bucket}/*"}, {
            "ArnNotEquals": {"aws:PrincipalArn": taggers},
        })


def check_marking_key(spec, out):
    """The MAC key: a secret made once with 64 random characters, readable by the scanning roles only (check_iam)."""
    sm = client("secretsmanager")
    arn = out["marking_key_arn"]
    try:
        secret = sm.describe_secret(SecretId=arn)
    except ClientError as e:
        expect(False, f"marking key secret {arn} missing: {e}")
        return
    expect_equal(secret["Name"], f"{spec['name']}-marking-key", "marking key secret name")
    value = sm.get_secret_value(SecretId=arn)["SecretString"]
    expect(len(value) == 64 and value.isalnum(), f"marking key: 64 letters and digits, got {len(value)} characters")


GPU_TASK_ACTIONS = {
    "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "s3:ListBucket",
    "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
    "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
    "secretsmanager:GetSecretValue",
}
# The only resource wildcards, both actions that AWS accepts on "*" only (documented in README.md).
GPU_STAR_ACTIONS = {"gpu-execution": {"ecr:GetAuthorizationToken"}, "gpu-instance": {"ecs:DiscoverPollEndpoint"}}

# What the emulator does not model or does not report, checked only where it does.
GPU_NOTES = [
    "the emulator runs no instances or tasks: managed scaling, target tracking, the task ENIs and the NAT route "
    "are checked as stored, never exercised",
]


def role_statements(role):
    return [st for doc in policy_documents(role) for st in doc["Statement"]]


def check_gpu_iam(spec, out):
    name, bucket = spec["name"], spec["bucket"]
    artifacts = out["artifacts_bucket_name"]
    model_arns = {f"arn:aws:s3:::{artifacts}/model/{f}" for f in MODEL_FILES}
    scanned = {f"arn:aws:s3:::{bucket}/{p}*" for p in spec["prefixes"]}
    iam = client("iam")
    for suffix, principal in (("gpu-task", "ecs-tasks.amazonaws.com"), ("gpu-execution", "ecs-tasks.amazonaws.com"),
                              ("gpu-instance", "ec2.amazonaws.com")):
        role = f"{name}-{suffix}"
        trust = iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        expect_equal([(s["Effect"], s["Principal"], as_list(s["Action"])) for s in trust["Statement"]],
                     [("Allow", {"Service": principal}, ["sts:AssumeRole"])], f"{role} trust policy")
        actions = set()
        for st in role_statements(role):
            sid = st.get("Sid", "?")
            acts, res = set(as_list(st["Action"])), set(as_list(st["Resource"]))
            actions |= acts
            expect_equal(st["Effect"], "Allow", f"{role} {sid} effect")
            expect("NotAction" not in st and "NotResource" not in st, f"{role} {sid} uses Not*")
            expect(not any("*" in a for a in acts), f"{role} {sid} has a wildcard action: {acts}")
            if "*" in res:
                expect_equal(acts, GPU_STAR_ACTIONS.get(suffix), f"{role} {sid}: actions granted on every resource")
                expect_equal(res, {"*"}, f"{role} {sid} resources")
            if suffix != "gpu-task":
                continue
            if sid == "ConsumeQueue":
                expect_equal(res, {out["gpu_queue_arn"]}, f"{role} {sid} queue")
            elif sid == "ReadModel":
                expect_equal(acts, {"s3:GetObject"}, f"{role} {sid} actions")
                expect_equal(res, model_arns, f"{role} {sid} model objects (no wildcard)")
            elif sid == "ListScannedPrefixes":
                check_list_scanned_prefixes(spec, role, st)
            elif sid == "ReadMarkingKey":
                expect_equal(res, {out["marking_key_arn"]}, f"{role} {sid}: the marking key only")
            else:
                expect_equal(res, scanned, f"{role} {sid} scanned objects")
        if suffix == "gpu-task":
            expect_equal(actions, GPU_TASK_ACTIONS, f"{role} actions")
        elif suffix == "gpu-execution":
            expect_equal(actions, {"ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                                   "ecr:GetDownloadUrlForLayer", "logs:CreateLogStream", "logs:PutLogEvents"},
                         f"{role} actions")
        else:
            expect(all(a.startswith("ecs:") for a in actions) and "ecs:DiscoverPollEndpoint" in actions,
                   f"{role} actions: {actions}")


def check_gpu_queue(spec, out):
    sqs = client("sqs")
    attrs = sqs.get_queue_attributes(QueueUrl=out["gpu_queue_url"], AttributeNames=["All"])["Attributes"]
    dlq = sqs.get_queue_attributes(QueueUrl=out["gpu_dlq_url"] if "gpu_dlq_url" in out else
                                   sqs.get_queue_url(QueueName=f"{spec['name']}-gpu-dlq")["QueueUrl"],
                                   AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    expect_equal(dlq, out["gpu_dlq_arn"], "GPU DLQ ARN")
    expect_equal(attrs.get("SqsManagedSseEnabled"), "true", "GPU queue SSE")
    redrive = json.loads(attrs.get("RedrivePolicy", "{}"))
    expect_equal(redrive.get("deadLetterTargetArn"), out["gpu_dlq_arn"], "GPU queue redrive target")
    expect_equal(int(redrive.get("maxReceiveCount", 0)), spec["gpu"]["max_receive"], "GPU queue maxReceiveCount")
    policy = json.loads(attrs.get("Policy", "{}"))
    st = {s.get("Sid"): s for s in policy.get("Statement", [])}
    expect_equal(set(st), {"S3BucketNotifications", "DenySendersOtherThanTheBucket"}, "GPU queue policy statements")
    s = st.get("S3BucketNotifications")
    if s:
        expect_equal((s["Effect"], s["Principal"], as_list(s["Action"]), as_list(s["Resource"])),
                     ("Allow", {"Service": "s3.amazonaws.com"}, ["sqs:SendMessage"], [out["gpu_queue_arn"]]),
                     "GPU queue policy grant")
        expect_equal(s.get("Condition", {}).get("ArnEquals", {}).get("aws:SourceArn"), f"arn:aws:s3:::{spec['bucket']}",
                     "GPU queue policy source bucket")
        expect_equal(s.get("Condition", {}).get("StringEquals", {}).get("aws:SourceAccount"), ACCOUNT,
                     "GPU queue policy source account")
    # The Allow alone would let any principal of the account with sqs:SendMessage send: everyone but the bucket is denied.
    s = st.get("DenySendersOtherThanTheBucket")
    if s:
        check_deny_statement(s, "DenySendersOtherThanTheBucket", {"sqs:SendMessage"}, {out["gpu_queue_arn"]}, {
            "ArnNotEquals": {"aws:SourceArn": {f"arn:aws:s3:::{spec['bucket']}"}},
        })


def check_gpu_service(spec, out):
    g, name = spec["gpu"], spec["name"]
    ecs = client("ecs")
    cluster = f"{name}-gpu"
    expect_equal(out["gpu_cluster_name"], cluster, "output gpu_cluster_name")
    expect_equal(out["gpu_image"], f"{out['gpu_ecr_repository_url']}:{g['tag']}", "output gpu_image")
    repo = client("ecr").describe_repositories(repositoryNames=[f"{name}-gpu"])["repositories"][0]
    expect_equal(repo["imageTagMutability"], "IMMUTABLE", "ECR tag mutability")
    expect_equal(repo.get("imageScanningConfiguration", {}).get("scanOnPush"), True, "ECR scan on push")
    clusters = ecs.describe_clusters(clusters=[cluster], include=["SETTINGS"])["clusters"]
    if expect(len(clusters) == 1, f"cluster {cluster} missing"):
        settings = {s["name"]: s["value"] for s in clusters[0].get("settings", [])}
        expect_equal(settings.get("containerInsights"), "enabled", "Container Insights")

    td = ecs.describe_task_definition(taskDefinition=out["gpu_task_definition_arn"])["taskDefinition"]
    expect_equal(td["networkMode"], "awsvpc", "task definition network mode")
    expect_equal(td.get("requiresCompatibilities"), ["EC2"], "task definition compatibilities")
    expect_equal(td.get("taskRoleArn"), out["gpu_task_role_arn"], "task role")
    expect_equal(td.get("executionRoleArn"), out["gpu_execution_role_arn"], "execution role")
    c = td["containerDefinitions"][0]
    expect_equal(len(td["containerDefinitions"]), 1, "containers")
    expect_equal(c["image"], out["gpu_image"], "container image")
    expect_equal(c.get("resourceRequirements"), [{"type": "GPU", "value": "1"}], "container GPU requirement")
    expect_equal(c.get("stopTimeout"), g["stop_timeout"], "container stopTimeout")
    health = c.get("healthCheck", {})
    expect_equal(health.get("command"), ["CMD", "curl", "-fsS", "--max-time", "4", "http://127.0.0.1:8080/q/health/ready"],
                 "container health check on readiness")
    expect_equal(health.get("startPeriod"), 300, "container health check start period")
    expect_equal((c.get("cpu"), c.get("memory")), (g["cpu"], g["memory"]), "container cpu/memory")
    expect_equal([(p["containerPort"], p.get("hostPort", p["containerPort"])) for p in c.get("portMappings", [])],
                 [(8080, 8080)], "container port mappings")
    model_location = f"s3://{out['artifacts_bucket_name']}/model"
    env = {e["name"]: e["value"] for e in c.get("environment", [])}
    want = {k: v for k, v in expected_environment(spec, "scan", model_location, out).items()
            if k not in ("QUARKUS_FUNQY_EXPORT", "VIRTUS_EVENTS_EVENT_BUS")}
    want.update({"VIRTUS_SQS_QUEUE_URL": out["gpu_queue_url"], "AWS_REGION": REGION, "VIRTUS_BATCH_MAX_SIZE": g["batch"]})
    expect_equal(env, want, "container environment")
    logs = c.get("logConfiguration", {})
    expect_equal((logs.get("logDriver"), logs.get("options", {}).get("awslogs-group")),
                 ("awslogs", out["gpu_log_group_name"]), "container logs")

    services = ecs.describe_services(cluster=cluster, services=[out["gpu_service_name"]])["services"]
    if expect(len(services) == 1, "GPU service missing"):
        svc = services[0]
        expect_equal(svc["taskDefinition"], out["gpu_task_definition_arn"], "service task definition")
        if svc.get("capacityProviderStrategy"):
            expect_equal([s["capacityProvider"] for s in svc["capacityProviderStrategy"]],
                         [out["gpu_capacity_provider_name"]], "service capacity provider strategy")
        else:
            note("the emulator does not report the service's capacity provider strategy; "
                 "the cluster's default strategy is checked instead")
            clusters = ecs.describe_clusters(clusters=[cluster])["clusters"]
            default = [s["capacityProvider"] for c in clusters for s in c.get("defaultCapacityProviderStrategy", [])]
            expect_equal(default, [out["gpu_capacity_provider_name"]], "cluster default capacity provider strategy")
        net = svc.get("networkConfiguration", {}).get("awsvpcConfiguration", {})
        expect_equal(net.get("assignPublicIp"), "DISABLED", "service assignPublicIp")
        ec2 = client("ec2")
        subnets = ec2.describe_subnets(SubnetIds=net.get("subnets") or ["subnet-none"])["Subnets"] \
            if net.get("subnets") else []
        expect_equal(len(subnets), 2, "service subnets")
        for sn in subnets:
            tags = {t["Key"]: t["Value"] for t in sn.get("Tags", [])}
            expect("-private-" in tags.get("Name", ""), f"service subnet {sn['SubnetId']} is not private: {tags}")
            expect(not sn.get("MapPublicIpOnLaunch"), f"subnet {sn['SubnetId']} maps public IPs")
        groups = ec2.describe_security_groups(GroupIds=net.get("securityGroups") or ["sg-none"])["SecurityGroups"] \
            if net.get("securityGroups") else []
        expect_equal(len(groups), 1, "service security groups")
        for sg in groups:
            expect_equal(sg.get("IpPermissions"), [], f"{sg['GroupId']} ingress")
            expect_equal([(p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort")) for p in sg.get("IpPermissionsEgress", [])],
                         [("tcp", 443, 443)], f"{sg['GroupId']} egress")
        # The private subnets' default route goes through the NAT gateway.
        rts = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": net.get("subnets") or []}])
        nat_routes = {r.get("NatGatewayId") for t in rts["RouteTables"] for r in t["Routes"]
                      if r.get("DestinationCidrBlock") == "0.0.0.0/0"}
        expect(len(nat_routes) == 1 and all(n and n.startswith("nat-") for n in nat_routes),
               f"private subnets' default route is not the NAT gateway: {nat_routes}")

    cps = ecs.describe_capacity_providers(capacityProviders=[out["gpu_capacity_provider_name"]])["capacityProviders"]
    if expect(len(cps) == 1, "capacity provider missing"):
        asgp = cps[0].get("autoScalingGroupProvider", {})
        expect_equal(asgp.get("managedTerminationProtection"), "ENABLED", "managed termination protection")
        ms = asgp.get("managedScaling") or {}
        if ms:
            expect_equal((ms.get("status"), ms.get("targetCapacity")), ("ENABLED", 100), "capacity provider managed scaling")
        else:
            note("the emulator does not report the capacity provider's managed scaling; not checked")
    asgs = client("autoscaling").describe_auto_scaling_groups(
        AutoScalingGroupNames=[out["gpu_autoscaling_group_name"]])["AutoScalingGroups"]
    if expect(len(asgs) == 1, "Auto Scaling group missing"):
        asg = asgs[0]
        expect_equal((asg["MinSize"], asg["MaxSize"]), (0, g["max_instances"]), "ASG size")
        expect_equal(asg.get("NewInstancesProtectedFromScaleIn"), True, "ASG scale-in protection")
        lt_id = (asg.get("LaunchTemplate") or {}).get("LaunchTemplateId")
        if expect(lt_id is not None, f"ASG has no launch template: {asg}"):
            data = client("ec2").describe_launch_template_versions(LaunchTemplateId=lt_id, Versions=["$Latest"])[
                "LaunchTemplateVersions"][0]["LaunchTemplateData"]
            # The ECS GPU-optimised AMI, read from its public SSM parameter (moto ships a copy).
            ami = client("ssm").get_parameter(Name="/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id")
            expect_equal(data.get("ImageId"), ami["Parameter"]["Value"], "launch template AMI (SSM GPU AMI)")
            expect_equal(data.get("InstanceType"), "g4dn.xlarge", "launch template instance type")
            expect_equal(data.get("MetadataOptions", {}).get("HttpTokens"), "required", "launch template IMDSv2")

    aas = client("application-autoscaling")
    resource_id = f"service/{cluster}/{out['gpu_service_name']}"
    targets = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource_id])["ScalableTargets"]
    if expect(len(targets) == 1, "scalable target missing"):
        expect_equal((targets[0]["MinCapacity"], targets[0]["MaxCapacity"]), (g["min"], g["max"]), "scalable target bounds")
    policies = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource_id)["ScalingPolicies"]
    expect_equal([p["PolicyName"] for p in policies], [out["gpu_scaling_policy_name"]], "scaling policies")
    for p in policies:
        expect_equal(p["PolicyType"], "TargetTrackingScaling", "scaling policy type")
        conf = p.get("TargetTrackingScalingPolicyConfiguration", {})
        metrics = conf.get("CustomizedMetricSpecification", {}).get("Metrics")
        if metrics:
            expect_equal(sorted(m["Id"] for m in metrics), ["backlog_per_task", "tasks", "visible"], "metric math ids")
        else:
            note("the emulator does not report the target tracking's metric-math specification; only the policy is checked")
    for n in GPU_NOTES:
        note(n)


def check_events(spec, out):
    """FAKE verdicts: rule on the default bus -> SNS topic encrypted with a customer managed key -> e-mail."""
    name = spec["name"]
    if not spec.get("events"):
        for key in ("events_event_bus_arn", "fake_notifications_topic_arn"):
            expect(out.get(key) is None, f"output {key} with events off: {out.get(key)}")
        return
    expect_equal(out.get("events_event_bus_arn"), DEFAULT_BUS_ARN, "output events_event_bus_arn")
    events = client("events")
    rule = events.describe_rule(Name=f"{name}-fake-verdicts", EventBusName="default")
    expect_equal(rule["Arn"], out["fake_notifications_rule_arn"], "FAKE rule ARN")
    expect_equal(rule.get("State"), "ENABLED", "FAKE rule state")
    expect_equal(rule.get("EventBusName", "default"), "default", "FAKE rule bus")
    expect_equal(json.loads(rule["EventPattern"]), {
        "source": ["virtus.scan"], "detail-type": ["Virtus Scan Result"], "detail": {"status": ["FAKE"]},
    }, "FAKE rule pattern")
    topic_arn = out["fake_notifications_topic_arn"]
    expect_equal(topic_arn, f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}-fake-verdicts", "FAKE topic ARN")
    targets = events.list_targets_by_rule(Rule=f"{name}-fake-verdicts", EventBusName="default")["Targets"]
    expect_equal([(t["Id"], t["Arn"]) for t in targets], [(f"{name}-fake-verdicts", topic_arn)], "FAKE rule targets")

    sns = client("sns")
    attrs = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    key_arn = out["fake_notifications_kms_key_arn"]
    expect_equal(attrs.get("KmsMasterKeyId"), key_arn, "FAKE topic KMS key (customer managed, not aws/sns)")
    policy = json.loads(attrs.get("Policy", "{}"))
    expect_equal([(st["Effect"], st["Principal"], as_list(st["Action"]), as_list(st["Resource"]), st.get("Condition"))
                  for st in policy.get("Statement", [])],
                 [("Allow", {"Service": "events.amazonaws.com"}, ["sns:Publish"], [topic_arn],
                   {"ArnEquals": {"aws:SourceArn": rule["Arn"]}})], "FAKE topic policy")
    subs = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    expect_equal(sorted((s["Protocol"], s["Endpoint"]) for s in subs),
                 sorted(("email", e) for e in spec["fake_notification_emails"]), "FAKE topic subscriptions")

    kms = client("kms")
    meta = kms.describe_key(KeyId=key_arn)["KeyMetadata"]
    expect_equal((meta.get("KeyManager"), meta.get("KeyState"), meta.get("KeyUsage")),
                 ("CUSTOMER", "Enabled", "ENCRYPT_DECRYPT"), "FAKE topic key")
    expect_equal(kms.get_key_rotation_status(KeyId=key_arn).get("KeyRotationEnabled"), True, "FAKE topic key rotation")
    key_policy = json.loads(kms.get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])
    st = {x.get("Sid"): x for x in key_policy["Statement"]}
    expect_equal(set(st), {"AccountAdministersKey", "EventBridgePublishesToEncryptedTopic"}, "FAKE key policy statements")
    ev = st.get("EventBridgePublishesToEncryptedTopic", {})
    expect_equal((ev.get("Effect"), ev.get("Principal"), set(as_list(ev.get("Action", [])))),
                 ("Allow", {"Service": "events.amazonaws.com"}, {"kms:Decrypt", "kms:GenerateDataKey"}),
                 "FAKE key policy: EventBridge may use the key")
    admin = st.get("AccountAdministersKey", {})
    expect_equal(admin.get("Principal"), {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "FAKE key policy administrator")
    aliases = [a["AliasName"] for a in kms.list_aliases(KeyId=meta["KeyId"])["Aliases"]]
    expect_equal(aliases, [f"alias/{name}-fake-verdicts"], "FAKE key alias")


def check_batch_operations(spec, out):
    """The backfill role and the create-job command built for it."""
    name, bucket = spec["name"], spec["bucket"]
    bo = spec.get("batch_operations")
    if not bo:
        expect(out.get("batch_operations_role_arn") is None, "batch operations role without create_batch_operations_role")
        return
    role = f"{name}-batch-operations"
    iam = client("iam")
    r = iam.get_role(RoleName=role)["Role"]
    expect_equal(r["Arn"], out["batch_operations_role_arn"], "output batch_operations_role_arn")
    trust = r["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    expect_equal([(s["Effect"], s["Principal"], as_list(s["Action"])) for s in trust["Statement"]],
                 [("Allow", {"Service": "batchoperations.s3.amazonaws.com"}, ["sts:AssumeRole"])], f"{role} trust policy")
    prefix = bo["report_prefix"]
    got = {st.get("Sid"): (set(as_list(st["Action"])), set(as_list(st["Resource"])), st.get("Condition"), st["Effect"])
           for st in role_statements(role)}
    # Native mode publishes nothing: the trigger, and so the job, invoke the unqualified ARN.
    expect_equal(got, {
        "InvokeScan": ({"lambda:InvokeFunction"}, {out["scan_function_trigger_arn"]}, None, "Allow"),
        "ListScannedBucket": ({"s3:ListBucket", "s3:GetBucketLocation"}, {f"arn:aws:s3:::{bucket}"}, None, "Allow"),
        "ReadManifest": ({"s3:GetObject", "s3:GetObjectVersion"}, {f"arn:aws:s3:::{bucket}/{prefix}/*"}, None, "Allow"),
        "WriteReportsAndGeneratedManifests": ({"s3:PutObject"}, {f"arn:aws:s3:::{bucket}/{prefix}/*"}, None, "Allow"),
        "LocateReportAndManifestBuckets": ({"s3:GetBucketLocation"}, {f"arn:aws:s3:::{bucket}"}, None, "Allow"),
    }, f"{role} statements")

    cmd = out["batch_operations_create_job_command"]
    args = shlex.split(cmd)
    expect_equal(args[:3], ["aws", "s3control", "create-job"], "create-job command")
    opts, flags, i = {}, set(), 3
    while i < len(args):
        if i + 1 < len(args) and not args[i + 1].startswith("--"):
            opts[args[i]] = args[i + 1]
            i += 2
        else:
            flags.add(args[i])
            i += 1
    expect_equal(flags, {"--no-confirmation-required"}, "create-job flags")
    expect_equal((opts.get("--account-id"), opts.get("--region"), opts.get("--role-arn"), opts.get("--priority")),
                 (ACCOUNT, REGION, out["batch_operations_role_arn"], "10"), "create-job account, region, role, priority")
    expect_equal(json.loads(opts.get("--operation", "{}")),
                 {"LambdaInvoke": {"FunctionArn": out["scan_function_trigger_arn"], "InvocationSchemaVersion": "2.0"}},
                 "create-job operation")
    expect_equal(json.loads(opts.get("--manifest-generator", "{}")), {"S3JobManifestGenerator": {
        "ExpectedBucketOwner": ACCOUNT,
        "SourceBucket": f"arn:aws:s3:::{bucket}",
        "EnableManifestOutput": False,
        "Filter": {"KeyNameConstraint": {"MatchAnyPrefix": spec["prefixes"], "MatchAnySuffix": spec["suffixes"]}},
    }}, "create-job manifest generator")
    expect_equal(json.loads(opts.get("--report", "{}")), {
        "Bucket": f"arn:aws:s3:::{bucket}", "Prefix": prefix, "Format": "Report_CSV_20180820",
        "Enabled": True, "ReportScope": "AllTasks",
    }, "create-job completion report")
    expect("--description" in opts, "create-job description")
    # The JSON arguments as the S3 Control API reads them (botocore's model of CreateJob).
    try:
        import botocore.session
        model = botocore.session.get_session().get_service_model("s3control").operation_model("CreateJob")
        members = model.input_shape.members
        for option, member in (("--operation", "Operation"), ("--manifest-generator", "ManifestGenerator"),
                               ("--report", "Report")):
            value = json.loads(opts.get(option, "{}"))
            expect(set(value) <= set(members[member].members), f"{option} keys unknown to CreateJob: {set(value)}")
        gen = members["ManifestGenerator"].members["S3JobManifestGenerator"]
        expect(set(json.loads(opts["--manifest-generator"])["S3JobManifestGenerator"]) <= set(gen.members),
               "S3JobManifestGenerator keys unknown to CreateJob")
        kc = gen.members["Filter"].members["KeyNameConstraint"]
        expect({"MatchAnyPrefix", "MatchAnySuffix"} <= set(kc.members), "KeyNameConstraint keys unknown to CreateJob")
        lam = members["Operation"].members["LambdaInvoke"]
        expect("InvocationSchemaVersion" in lam.members, "this botocore has no LambdaInvoke InvocationSchemaVersion")
    except Exception as e:  # an old botocore without manifest generators: the shape is not checked
        note(f"create-job arguments not checked against botocore's S3 Control model: {e}")


def check(example, outputs_path):
    spec = EXAMPLES[example]
    with open(outputs_path) as f:
        out = {k: v["value"] for k, v in json.load(f).items()}
    check_functions(spec, out)
    check_artifacts(out)
    check_notification(spec, out)
    check_trigger_permission(spec, out)
    check_eventbridge(spec, out)
    check_failures(spec, out)
    check_iam(spec, out)
    check_marking_key(spec, out)
    check_enforcement(spec, out)
    check_events(spec, out)
    check_batch_operations(spec, out)
    if "gpu" in spec:
        check_gpu_iam(spec, out)
        check_gpu_queue(spec, out)
        check_gpu_service(spec, out)
    cmd = out["classify_invoke_command"]
    expect(cmd.startswith(f"aws lambda invoke --region {REGION} --function-name {spec['name']}-classify ")
           and "--cli-binary-format raw-in-base64-out" in cmd, f"classify_invoke_command: {cmd}")
    finish(f"{example}: deployment matches expectations")


def check_jvm_plan(example, plan_path):
    """JVM mode, from the plan: java21, RequestIdHandler, SnapStart, published versions, JSON logs."""
    spec = EXAMPLES[example]
    with open(plan_path) as f:
        plan = json.load(f)
    changes = {c["address"]: c["change"] for c in plan["resource_changes"]}
    for function in ("scan", "classify"):
        change = changes.get(f'module.virtus_scan.aws_lambda_function.this["{function}"]')
        if not expect(change is not None, f"jvm plan has no {function} function"):
            continue
        after = change["after"]
        name = f"{spec['name']}-{function}"
        expect_equal(after["runtime"], "java21", f"jvm {name} runtime")
        expect_equal(after["handler"], "dev.virtus.scan.function.RequestIdHandler::handleRequest", f"jvm {name} handler")
        expect_equal(after["publish"], True, f"jvm {name} publish")
        expect_equal(after["snap_start"], [{"apply_on": "PublishedVersions"}], f"jvm {name} snap_start")
        logging = [{k: c.get(k) for k in ("log_format", "application_log_level", "system_log_level")}
                   for c in after.get("logging_config", [])]
        expect_equal(logging, [{"log_format": "JSON", "application_log_level": "INFO", "system_log_level": "INFO"}],
                     f"jvm {name} logging_config")
        env = after["environment"][0].get("variables")
        if not expect(env is not None, f"jvm {name} environment unknown at plan time"):
            continue
        expect_equal(env.get("VIRTUS_MODEL_LOCATION"), f"s3://{spec['artifacts_bucket']}/model",
                     f"jvm {name} VIRTUS_MODEL_LOCATION")
        expect_equal(env.get("QUARKUS_SNAPSTART_ENABLED"), "true", f"jvm {name} QUARKUS_SNAPSTART_ENABLED")
        expect_equal(env.get("QUARKUS_FUNQY_EXPORT"), function, f"jvm {name} QUARKUS_FUNQY_EXPORT")
    # The trigger and the async config point at the version being published, not at $LATEST.
    for address in ("module.virtus_scan.aws_lambda_permission.s3[0]",
                    "module.virtus_scan.aws_lambda_function_event_invoke_config.scan"):
        change = changes.get(address)
        if expect(change is not None, f"jvm plan has no {address}"):
            expect(change["after_unknown"].get("qualifier") is True,
                   f"{address} qualifier is not the version to be published: {change['after'].get('qualifier')}")
    check_rewrite_changes(spec, changes)
    finish(f"{example}: default (jvm) mode plan with write_mode both matches expectations")


def check_rewrite_changes(spec, changes):
    """write_mode both (scan copies objects onto themselves): copies must still reach scan."""
    change = changes.get('module.virtus_scan.aws_lambda_function.this["scan"]')
    env = ((change or {}).get("after", {}).get("environment") or [{}])[0].get("variables")
    if env is None:
        # A generated artifacts bucket name leaves the whole environment unknown until apply.
        note("scan's environment is unknown at plan time here; VIRTUS_WRITE_MODE is not checked in this plan")
    else:
        expect_equal(env.get("VIRTUS_WRITE_MODE"), "both", "scan VIRTUS_WRITE_MODE in the plan")
    if spec["trigger"] == "s3_notification":
        change = changes.get("module.virtus_scan.aws_s3_bucket_notification.this[0]")
        if expect(change is not None, "plan has no bucket notification"):
            confs = change["after"].get("lambda_function") or change["after"].get("queue") or []
            expect(len(confs) == len(spec["prefixes"]) * len(spec["suffixes"]), f"planned notifications: {confs}")
            for c in confs:
                expect_equal(sorted(c.get("events")), SCAN_EVENTS, f"planned notification {c.get('id')} events (copies included)")
    else:
        change = changes.get("module.virtus_scan.aws_cloudwatch_event_rule.scan[0]")
        if expect(change is not None, "plan has no EventBridge rule"):
            pattern = json.loads(change["after"]["event_pattern"])
            expect("reason" not in pattern.get("detail", {}), f"planned event pattern leaves out a reason: {pattern}")
            expect_equal(pattern.get("detail-type"), SCAN_DETAIL_TYPES, "planned event pattern detail-type")


def check_rewrite_plan(example, plan_path):
    spec = EXAMPLES[example]
    with open(plan_path) as f:
        plan = json.load(f)
    check_rewrite_changes(spec, {c["address"]: c["change"] for c in plan["resource_changes"]})
    finish(f"{example}: write_mode both plan scans copies")


def gone(call, what):
    try:
        call()
    except ClientError as e:
        code = e.response.get("Error", {}).get("Code", "")
        expect(code in ("ResourceNotFoundException", "NoSuchEntity", "NoSuchBucket", "404", "NotFound",
                         "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "RepositoryNotFoundException"),
               f"{what}: unexpected error {code}")
        return
    expect(False, f"{what} still exists after destroy")


def check_destroyed(example, outputs_path):
    spec = EXAMPLES[example]
    with open(outputs_path) as f:
        out = {k: v["value"] for k, v in json.load(f).items()}
    for function in ("scan", "classify"):
        name = f"{spec['name']}-{function}"
        gone(lambda: client("lambda").get_function(FunctionName=name), f"function {name}")
        gone(lambda: client("iam").get_role(RoleName=name), f"role {name}")
    gone(lambda: client("s3").head_bucket(Bucket=out["artifacts_bucket_name"]), "artifacts bucket")
    gone(lambda: client("sqs").get_queue_url(QueueName=f"{spec['name']}-scan-dlq"), "dead-letter queue")
    groups = client("logs").describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{spec['name']}-")["logGroups"]
    expect_equal(groups, [], "log groups after destroy")
    alarms = client("cloudwatch").describe_alarms(AlarmNamePrefix=spec["name"] + "-")["MetricAlarms"]
    expect_equal(alarms, [], "alarms after destroy")
    if spec["trigger"] == "eventbridge":
        gone(lambda: client("events").describe_rule(Name=f"{spec['name']}-object-created"), "EventBridge rule")
        s3 = client("s3")
        s3.head_bucket(Bucket=spec["bucket"])  # the existing bucket stays
        conf = s3.get_bucket_notification_configuration(Bucket=spec["bucket"])
        expect(eventbridge_flag_ok(conf) is not False and not conf.get("LambdaFunctionConfigurations"),
               "destroy changed the existing bucket's notification configuration")
    else:
        gone(lambda: client("s3").head_bucket(Bucket=spec["bucket"]), "scanned bucket")
    if spec.get("batch_operations"):
        gone(lambda: client("iam").get_role(RoleName=f"{spec['name']}-batch-operations"), "batch operations role")
    if spec.get("events"):
        gone(lambda: client("events").describe_rule(Name=f"{spec['name']}-fake-verdicts"), "FAKE-verdict rule")
        topics = [t["TopicArn"] for t in client("sns").list_topics()["Topics"]]
        expect(out["fake_notifications_topic_arn"] not in topics, "FAKE-verdict topic still exists after destroy")
        state = client("kms").describe_key(KeyId=out["fake_notifications_kms_key_arn"])["KeyMetadata"]["KeyState"]
        expect_equal(state, "PendingDeletion", "FAKE-verdict topic key after destroy")
    if "gpu" in spec:
        name = spec["name"]
        for suffix in ("gpu-task", "gpu-execution", "gpu-instance"):
            gone(lambda: client("iam").get_role(RoleName=f"{name}-{suffix}"), f"role {name}-{suffix}")
        for queue in (f"{name}-gpu", f"{name}-gpu-dlq"):
            gone(lambda: client("sqs").get_queue_url(QueueName=queue), f"queue {queue}")
        gone(lambda: client("ecr").describe_repositories(repositoryNames=[f"{name}-gpu"]), "ECR repository")
        clusters = client("ecs").describe_clusters(clusters=[f"{name}-gpu"])["clusters"]
        expect(all(c.get("status") == "INACTIVE" for c in clusters), f"cluster still active: {clusters}")
        asgs = client("autoscaling").describe_auto_scaling_groups(
            AutoScalingGroupNames=[out["gpu_autoscaling_group_name"]])["AutoScalingGroups"]
        expect_equal(asgs, [], "Auto Scaling groups after destroy")
        expect_equal(client("application-autoscaling").describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"],
                     [], "scalable targets after destroy")
        vpcs = client("ec2").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [f"{name}-gpu"]}])["Vpcs"]
        expect_equal(vpcs, [], "example VPC after destroy")
        nats = [n for n in client("ec2").describe_nat_gateways()["NatGateways"] if n.get("State") != "deleted"]
        expect_equal(nats, [], "NAT gateways after destroy")
        groups = client("logs").describe_log_groups(logGroupNamePrefix=f"/ecs/{name}-gpu")["logGroups"]
        expect_equal(groups, [], "GPU log group after destroy")
    finish(f"{example}: everything destroyed")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare-existing-bucket":
        prepare_existing_bucket(sys.argv[2])
    elif command == "check":
        check(sys.argv[2], sys.argv[3])
    elif command == "check-jvm-plan":
        check_jvm_plan(sys.argv[2], sys.argv[3])
    elif command == "check-rewrite-plan":
        check_rewrite_plan(sys.argv[2], sys.argv[3])
    elif command == "check-destroyed":
        check_destroyed(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command}")

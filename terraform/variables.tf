################################################################################
# General
################################################################################

variable "name" {
  description = "Name prefix of every resource: the functions are `<name>-scan` and `<name>-classify`. Lowercase letters, digits and hyphens, 1 to 40 characters (it also prefixes the artifacts bucket name)."
  type        = string
  default     = "virtus-scan"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,39}$", var.name))
    error_message = "name must be 1 to 40 characters of lowercase letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "tags" {
  description = "Tags added to every resource that supports them."
  type        = map(string)
  default     = {}
}

################################################################################
# Package and runtime
################################################################################

variable "function_zip_path" {
  description = "Local path of the zip built by Maven: `target/function.zip` for `architecture = \"x86_64\"`, `target/function-arm64.zip` (ONNX Runtime's aarch64 libraries) for `\"arm64\"` in `jvm` mode. One artifact for both functions. It is uploaded to the artifacts bucket (Lambda takes at most 50 MB directly, 250 MB unzipped through S3)."
  type        = string
}

variable "package_s3_key" {
  description = "Object key of `function.zip` in the artifacts bucket."
  type        = string
  default     = "package/function.zip"
}

variable "runtime_mode" {
  description = "`jvm` (runtime `java21` with SnapStart on published versions; built by `./mvnw package`) or `native` (GraalVM native executable, runtime `provided.al2023`; built with `-Dnative`). Must match how `function.zip` was built. Defaults to `jvm`: no native image of this project has been built or run yet."
  type        = string
  default     = "jvm"

  validation {
    condition     = contains(["native", "jvm"], var.runtime_mode)
    error_message = "runtime_mode must be \"native\" or \"jvm\"."
  }
}

variable "architecture" {
  description = "Instruction set of both functions: `x86_64` or `arm64` (Graviton, 20% less per GB-second; never run on Graviton by this project). Must match the native executable and the ONNX Runtime library in the zip: in `jvm` mode `function_zip_path` must name `function-arm64.zip` exactly when this is `arm64`."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "publish" {
  description = "Publish a new version on every code or configuration change and point the triggers at it. Always on in `jvm` mode (SnapStart works on published versions only)."
  type        = bool
  default     = false
}

variable "environment_variables" {
  description = "Extra environment variables for both functions (for example `QUARKUS_LOG_LEVEL`). They override the variables this module sets."
  type        = map(string)
  default     = {}
}

################################################################################
# Sizing
################################################################################

variable "memory_size" {
  description = "Memory of each function in MB, 128 to 10240 (CPU grows with memory: 1769 MB is one vCPU). 3008 suits the ~343 MB fp32 model; 2048 is enough for the ~87 MB int8 model (`model_file = \"model.int8.onnx\"`)."
  type        = number
  default     = 3008

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "scan_timeout" {
  description = "Timeout of the `scan` function in seconds, 1 to 900. A cold start downloads and loads the model before the first image."
  type        = number
  default     = 60

  validation {
    condition     = var.scan_timeout >= 1 && var.scan_timeout <= 900
    error_message = "scan_timeout must be from 1 to 900 seconds."
  }
}

variable "classify_timeout" {
  description = "Timeout of the `classify` function in seconds, 1 to 900."
  type        = number
  default     = 30

  validation {
    condition     = var.classify_timeout >= 1 && var.classify_timeout <= 900
    error_message = "classify_timeout must be from 1 to 900 seconds."
  }
}

variable "ephemeral_storage_size" {
  description = "Size of /tmp in MB, 512 to 10240. The model downloaded from S3 is cached there (`model_cache_directory`): 1024 holds the fp32 model."
  type        = number
  default     = 1024

  validation {
    condition     = var.ephemeral_storage_size >= 512 && var.ephemeral_storage_size <= 10240
    error_message = "ephemeral_storage_size must be from 512 to 10240 MB."
  }
}

variable "scan_reserved_concurrency" {
  description = "Reserved concurrent executions of `scan`; null leaves it unreserved, 0 stops it. A cap also bounds the S3 request rate on the scanned bucket."
  type        = number
  default     = null
}

variable "classify_reserved_concurrency" {
  description = "Reserved concurrent executions of `classify`; null leaves it unreserved, 0 stops it."
  type        = number
  default     = null
}

variable "inference_intra_op_threads" {
  description = "ONNX Runtime intra-op threads (`VIRTUS_INFERENCE_INTRA_OP_THREADS`), 1 to 6. Lambda gives 2 vCPUs at 3008 MB."
  type        = number
  default     = 2

  validation {
    condition     = var.inference_intra_op_threads >= 1 && var.inference_intra_op_threads <= 6 && floor(var.inference_intra_op_threads) == var.inference_intra_op_threads
    error_message = "inference_intra_op_threads must be a whole number from 1 to 6."
  }
}

################################################################################
# Model
################################################################################

variable "model_source" {
  description = "`s3`: upload the export directory `model_directory` to the artifacts bucket and point `VIRTUS_MODEL_LOCATION` at it; `bundled`: the model is inside `function.zip` at `model_bundled_location` (only the int8 model fits Lambda's 250 MB unzipped limit)."
  type        = string
  default     = "s3"

  validation {
    condition     = contains(["s3", "bundled"], var.model_source)
    error_message = "model_source must be \"s3\" or \"bundled\"."
  }
}

variable "model_directory" {
  description = "Local export directory written by `model/export.py` (config.json, preprocessor_config.json, manifest.json and `model_file`). Required when `model_source = \"s3\"`."
  type        = string
  default     = null
}

variable "model_file" {
  description = "ONNX file of the export directory to use (`VIRTUS_MODEL_FILE`): `model.onnx` (fp32, ~343 MB) or `model.int8.onnx` (~87 MB). Only this file is uploaded."
  type        = string
  default     = "model.onnx"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+\\.onnx$", var.model_file))
    error_message = "model_file must be a file name ending in .onnx, without a directory."
  }
}

variable "model_s3_prefix" {
  description = "Key prefix of the model files in the artifacts bucket, without a trailing slash."
  type        = string
  default     = "model"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*$", var.model_s3_prefix))
    error_message = "model_s3_prefix must be a non-empty key prefix without leading or trailing slash."
  }
}

variable "model_bundled_location" {
  description = "Directory of the model inside the function when `model_source = \"bundled\"` (the zip is unpacked to /var/task)."
  type        = string
  default     = "/var/task/model"
}

variable "model_cache_directory" {
  description = "Where the functions store the model downloaded from S3 (`VIRTUS_MODEL_CACHE_DIRECTORY`); must be under /tmp."
  type        = string
  default     = "/tmp/virtus-model"

  validation {
    condition     = startswith(var.model_cache_directory, "/tmp/")
    error_message = "model_cache_directory must be under /tmp/ (the only writable path in Lambda)."
  }
}

variable "model_positive_label" {
  description = "Label of the model (config.json id2label) whose score is compared with `threshold` (`VIRTUS_MODEL_POSITIVE_LABEL`)."
  type        = string
  default     = "fake"
}

variable "threshold" {
  description = "Score of the positive label, 0 to 1, at or above which an image is FAKE (`VIRTUS_THRESHOLD`)."
  type        = number
  default     = 0.5

  validation {
    condition     = var.threshold >= 0 && var.threshold <= 1
    error_message = "threshold must be from 0 to 1."
  }
}

variable "decode_max_bytes" {
  description = "Largest image the functions decode, in bytes (`VIRTUS_DECODE_MAX_BYTES`); larger objects are tagged UNSUPPORTED."
  type        = number
  default     = 20971520

  validation {
    condition     = var.decode_max_bytes >= 1024 && floor(var.decode_max_bytes) == var.decode_max_bytes
    error_message = "decode_max_bytes must be a whole number of at least 1024."
  }
}

################################################################################
# Artifacts bucket
################################################################################

variable "artifacts_bucket_name" {
  description = "Name of the artifacts bucket created for `function.zip` and the model; null lets AWS generate one from `<name>-artifacts-`."
  type        = string
  default     = null
}

variable "artifacts_bucket_force_destroy" {
  description = "Let `terraform destroy` delete the artifacts bucket with every object version in it."
  type        = bool
  default     = false
}

variable "artifacts_deny_insecure_transport" {
  description = "Attach a bucket policy to the artifacts bucket that denies every request not made over TLS (aws:SecureTransport = false)."
  type        = bool
  default     = true
}

variable "artifacts_kms_key_arn" {
  description = "KMS key ARN for SSE-KMS on the artifacts bucket; null uses SSE-S3 (AES256). The function roles get kms:Decrypt on it."
  type        = string
  default     = null
}

################################################################################
# Scanned bucket and trigger
################################################################################

variable "bucket_name" {
  description = "Name of the bucket whose new objects are scanned. The module never creates it."
  type        = string
}

variable "bucket_owner_account_id" {
  description = "Account that owns the scanned bucket (`source_account` of the Lambda permission); null means the deploying account."
  type        = string
  default     = null
}

variable "scan_trigger" {
  description = "How `scan` is invoked: `s3_notification` (the bucket's notification configuration targets `scan`), `eventbridge` (an EventBridge rule on `Object Created` events of the bucket) or `none`."
  type        = string
  default     = "s3_notification"

  validation {
    condition     = contains(["s3_notification", "eventbridge", "none"], var.scan_trigger)
    error_message = "scan_trigger must be \"s3_notification\", \"eventbridge\" or \"none\"."
  }
}

variable "create_bucket_notification" {
  description = "Let the module own the bucket's notification configuration (`aws_s3_bucket_notification` replaces the whole configuration of the bucket). With `s3_notification` it targets `scan`; with `eventbridge` it only turns on EventBridge delivery. Set false when the configuration is managed elsewhere, and turn EventBridge on there."
  type        = bool
  default     = true
}

variable "scan_prefixes" {
  description = "Key prefixes to scan, for example [\"uploads/\"]; [] scans the whole bucket. They filter the trigger, scope the IAM permissions of `scan` and set `VIRTUS_SCAN_INCLUDE_PREFIXES`. Do not let them overlap."
  type        = list(string)
  default     = []
}

variable "scan_suffixes" {
  description = "Key suffixes to scan, for example [\".jpg\", \".png\"] (S3 compares case-sensitively); [] scans every key. They filter the trigger and set `VIRTUS_SCAN_INCLUDE_SUFFIXES`."
  type        = list(string)
  default     = []
}

variable "scan_exclude_prefixes" {
  description = "Key prefixes that `scan` skips (`VIRTUS_SCAN_EXCLUDE_PREFIXES`); applied inside the function."
  type        = list(string)
  default     = []
}

variable "scan_exclude_suffixes" {
  description = "Key suffixes that `scan` skips (`VIRTUS_SCAN_EXCLUDE_SUFFIXES`); applied inside the function."
  type        = list(string)
  default     = []
}

variable "write_mode" {
  description = "How `scan` records its verdict (`VIRTUS_WRITE_MODE`): `tags` (PutObjectTagging), `metadata` (copies the object onto itself with user metadata, needs s3:PutObject) or `both`. The trigger includes copies in every mode (an uploader's CopyObject is scanned like an upload); `scan` recognises its own copy and does not scan it again. The bucket policy can only read tags: `enforcement_mode` other than `off` needs `tags` or `both`."
  type        = string
  default     = "tags"

  validation {
    condition     = contains(["tags", "metadata", "both"], var.write_mode)
    error_message = "write_mode must be \"tags\", \"metadata\" or \"both\"."
  }
}

variable "tags_prefix" {
  description = "Prefix of the object tags `scan` writes (`VIRTUS_TAGS_PREFIX`): `<prefix>status`, `<prefix>score`, `<prefix>model`, `<prefix>scanned-at`."
  type        = string
  default     = "deepfake-"

  validation {
    condition     = can(regex("^[A-Za-z0-9+\\-=._:/@]{1,100}$", var.tags_prefix))
    error_message = "tags_prefix must be 1 to 100 characters allowed in S3 tag keys."
  }
}

variable "kms_key_arns" {
  description = "KMS keys (ARNs) of SSE-KMS buckets the functions read (the scanned bucket, `classify_readable_bucket_names`): kms:Decrypt, plus kms:GenerateDataKey for `scan` when `write_mode` rewrites objects."
  type        = list(string)
  default     = []
}

variable "classify_readable_bucket_names" {
  description = "Buckets whose objects `classify` may read for `s3Uri`/`bucket`+`key` inputs (s3:GetObject, s3:GetObjectVersion); [] allows only `url` and `imageBase64` inputs. `classify` never gets write permissions."
  type        = list(string)
  default     = []
}

################################################################################
# IAM
################################################################################

variable "role_path" {
  description = "Path of the two IAM roles."
  type        = string
  default     = "/"
}

variable "role_permissions_boundary" {
  description = "ARN of a permissions boundary policy for the two IAM roles; null for none."
  type        = string
  default     = null
}

################################################################################
# Failures: retries and dead-letter queue
################################################################################

variable "scan_maximum_retry_attempts" {
  description = "Retries of a failed asynchronous `scan` invocation, 0 to 2, before the event goes to the dead-letter queue."
  type        = number
  default     = 2

  validation {
    condition     = var.scan_maximum_retry_attempts >= 0 && var.scan_maximum_retry_attempts <= 2
    error_message = "scan_maximum_retry_attempts must be from 0 to 2."
  }
}

variable "scan_maximum_event_age_in_seconds" {
  description = "Age in seconds, 60 to 21600, after which an unprocessed `scan` event goes to the dead-letter queue."
  type        = number
  default     = 3600

  validation {
    condition     = var.scan_maximum_event_age_in_seconds >= 60 && var.scan_maximum_event_age_in_seconds <= 21600
    error_message = "scan_maximum_event_age_in_seconds must be from 60 to 21600."
  }
}

variable "eventbridge_maximum_retry_attempts" {
  description = "Retries, 0 to 185, of EventBridge delivering an event to `scan` (eventbridge trigger only); undeliverable events go to the dead-letter queue."
  type        = number
  default     = 185

  validation {
    condition     = var.eventbridge_maximum_retry_attempts >= 0 && var.eventbridge_maximum_retry_attempts <= 185
    error_message = "eventbridge_maximum_retry_attempts must be from 0 to 185."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long failed events stay in the dead-letter queue, in seconds (60 to 1209600 = 14 days)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be from 60 to 1209600."
  }
}

################################################################################
# Logs
################################################################################

variable "cloudwatch_logs_retention_in_days" {
  description = "Retention of the two log groups in days (one of the values CloudWatch Logs accepts; 0 keeps logs forever)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_logs_retention_in_days)
    error_message = "cloudwatch_logs_retention_in_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, ... 3653, or 0)."
  }
}

variable "cloudwatch_logs_kms_key_id" {
  description = "KMS key ARN to encrypt the log groups; null for CloudWatch Logs' default encryption."
  type        = string
  default     = null
}

variable "application_log_level" {
  description = "Lambda's filter on the functions' own log lines (log format JSON): TRACE, DEBUG or INFO. The lines' `level` field is Quarkus' level; the Embedded Metric Format lines carry none, which Lambda counts as INFO, so a stricter level (WARN, ERROR, FATAL) would drop every metric and blind the result alarms: to quieten the functions' own lines instead, set `QUARKUS_LOG_LEVEL` in `environment_variables`."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO"], var.application_log_level)
    error_message = "application_log_level must be TRACE, DEBUG or INFO: Lambda counts the metric lines (no level field) as INFO and drops them below it."
  }
}

variable "system_log_level" {
  description = "Lambda's filter on its own lines for the functions (START, END, REPORT, init and runtime errors): DEBUG, INFO or WARN. WARN drops the REPORT lines (duration, memory, init duration)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.system_log_level)
    error_message = "system_log_level must be DEBUG, INFO or WARN."
  }
}

################################################################################
# Alarms
################################################################################

variable "create_alarms" {
  description = "Create CloudWatch alarms on Errors and Throttles of each function and on the depth of the dead-letter queue."
  type        = bool
  default     = true
}

variable "create_alarm_topic" {
  description = "Create an SNS topic that the alarms notify (subscribe to it yourself)."
  type        = bool
  default     = false
}

variable "alarm_topic_kms_key_id" {
  description = "Customer-managed KMS key for the alarm topic; its key policy must let cloudwatch.amazonaws.com use it (the AWS-managed alias/aws/sns key does not). null leaves the topic unencrypted."
  type        = string
  default     = null
}

variable "alarm_actions" {
  description = "ARNs notified when an alarm fires or recovers (added to the topic of `create_alarm_topic`)."
  type        = list(string)
  default     = []
}

variable "alarm_period_seconds" {
  description = "Period of the alarms in seconds (60 or a multiple of 60)."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be a multiple of 60."
  }
}

variable "alarm_evaluation_periods" {
  description = "Consecutive periods over the threshold before an alarm fires."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_evaluation_periods >= 1
    error_message = "alarm_evaluation_periods must be at least 1."
  }
}

variable "alarm_errors_threshold" {
  description = "Function errors per period that fire the Errors alarm."
  type        = number
  default     = 1
}

variable "alarm_throttles_threshold" {
  description = "Throttled invocations per period that fire the Throttles alarm."
  type        = number
  default     = 1
}

variable "alarm_dlq_threshold" {
  description = "Messages visible in the dead-letter queue that fire its alarm."
  type        = number
  default     = 1
}

################################################################################
# Enforcement (optional bucket policy on the scanned bucket)
################################################################################

variable "enforcement_mode" {
  description = "Read enforcement of the bucket policy on the scanned bucket. `allow_real` (recommended): s3:GetObject/GetObjectVersion (and the torrent variants) of the covered objects (`enforcement_scope`) are denied unless their `<tags_prefix>status` tag equals `enforcement_real_status`, so FAKE, UNSUPPORTED, ERROR and not-yet-scanned objects are all unreadable; it always includes the tag protection of `enforce_protect_tags`, denies copying objects in from other buckets, and needs versioning on the bucket. `deny_fake` (weaker deny-list): only objects tagged FAKE are unreadable (and untagged ones with `enforce_deny_unscanned_reads`); an object that ends UNSUPPORTED or ERROR, which an uploader can choose, stays readable. `off`: no read enforcement, except what the `enforce_*` booleans turn on (`enforce_deny_fake_reads = true` is `deny_fake`). Exempt from reads: `enforcement_admin_role_arns`, the function roles and the GPU task role."
  type        = string
  default     = "off"

  validation {
    condition     = contains(["allow_real", "deny_fake", "off"], var.enforcement_mode)
    error_message = "enforcement_mode must be \"allow_real\", \"deny_fake\" or \"off\"."
  }
}

variable "enforcement_real_status" {
  description = "With `enforcement_mode = \"allow_real\"`: the only value of `<tags_prefix>status` that makes an object readable; the label `scan` writes for images judged real."
  type        = string
  default     = "REAL"

  validation {
    condition     = can(regex("^[A-Za-z0-9 +\\-=._:/@]{1,256}$", var.enforcement_real_status))
    error_message = "enforcement_real_status must be 1 to 256 characters allowed in S3 tag values."
  }
}

variable "enforcement_scope" {
  description = "Objects the `allow_real` read Deny covers. `scanned_prefixes`: every key under `scan_prefixes` (`<bucket>/<prefix>*`, the whole bucket when `scan_prefixes` is []), whatever its suffix, so keys there that the trigger or `scan_exclude_*` skip are never tagged and stay unreadable. `bucket`: every object of the bucket, so objects outside the scanned prefixes, which are never scanned, are unreadable to all but the exempt roles."
  type        = string
  default     = "scanned_prefixes"

  validation {
    condition     = contains(["scanned_prefixes", "bucket"], var.enforcement_scope)
    error_message = "enforcement_scope must be \"scanned_prefixes\" or \"bucket\"."
  }
}

variable "enforce_deny_fake_reads" {
  description = "Kept for compatibility: with `enforcement_mode = \"off\"`, true means `deny_fake` (deny s3:GetObject/GetObjectVersion on objects tagged `<tags_prefix>status = FAKE`, a deny-list that leaves UNSUPPORTED and ERROR readable). Prefer `enforcement_mode`."
  type        = bool
  default     = false
}

variable "enforce_deny_unscanned_reads" {
  description = "Deny-list only (ignored with `allow_real`, which covers it): also deny reads of objects the trigger covers (`<prefix>*<suffix>`) that have no `<tags_prefix>status` tag (not scanned yet, or uploaded before the module), with the same exceptions."
  type        = bool
  default     = false
}

variable "enforce_protect_tags" {
  description = "Deny adding, changing or deleting `<tags_prefix>*` tags (PutObjectTagging, DeleteObjectTagging, uploads carrying such tags) to every principal but the roles that write verdicts (`scan`, the GPU task role). Always on with `enforcement_mode = \"allow_real\"`."
  type        = bool
  default     = false
}

variable "enforcement_admin_role_arns" {
  description = "IAM role ARNs (arn:aws:iam::<account>:role/<name>) still allowed to read every object the enforcement denies (FAKE, UNSUPPORTED, ERROR, unscanned) and to copy objects in from other buckets. They cannot change the verdict tags."
  type        = list(string)
  default     = []
}

variable "enforcement_replication_role_arns" {
  description = "IAM role ARNs (arn:aws:iam::<account>:role/<name>) of replication rules that may replicate objects into the scanned bucket (s3:ReplicateObject, s3:ReplicateTags). With `enforce_protect_tags` or `allow_real` everyone else is denied both: replicated tags could carry a verdict the scanner did not write."
  type        = list(string)
  default     = []
}

variable "create_bucket_policy" {
  description = "Attach the enforcement statements as the scanned bucket's policy when `enforcement_mode` is not `off` or any `enforce_*` is true. `aws_s3_bucket_policy` replaces the bucket's whole policy: set false and merge output `enforcement_policy_json` into your own policy when the bucket already has one."
  type        = bool
  default     = true
}

################################################################################
# GPU service (optional): the -Dgpu container on ECS GPU instances, fed by an SQS queue
################################################################################

variable "create_gpu_service" {
  description = "Create the GPU service: ECR repository, ECS cluster on GPU instances (Auto Scaling group + capacity provider), task definition and service, the SQS queue of the bucket's notifications with its DLQ, and scaling on backlog per task. Needs `gpu_vpc_id` and `gpu_subnet_ids`."
  type        = bool
  default     = false
}

variable "scan_target" {
  description = "What scans the bucket's new objects with `scan_trigger = \"s3_notification\"`: `lambda` (the notification invokes `scan`) or `gpu_service` (the notification sends the same events, with the same filters, to the GPU service's queue; needs `create_gpu_service`). A bucket has one notification configuration, so it is one or the other."
  type        = string
  default     = "lambda"

  validation {
    condition     = contains(["lambda", "gpu_service"], var.scan_target)
    error_message = "scan_target must be \"lambda\" or \"gpu_service\"."
  }
}

variable "gpu_vpc_id" {
  description = "VPC of the GPU instances and tasks (their security group is created there)."
  type        = string
  default     = null
}

variable "gpu_subnet_ids" {
  description = "Subnets of the GPU instances' Auto Scaling group and of the tasks' network interfaces (network mode awsvpc). Use private subnets with a route to ECR, S3, SQS, CloudWatch Logs and ECS through a NAT gateway or VPC endpoints: the EC2 launch type gives tasks no public IP, so public subnets without NAT leave the tasks unable to reach SQS, S3 and CloudWatch."
  type        = list(string)
  default     = []
}

variable "gpu_security_group_ids" {
  description = "More security groups for the GPU instances and the tasks' network interfaces, e.g. one that lets a load balancer reach the tasks' port 8080. The module's own group allows only HTTPS out."
  type        = list(string)
  default     = []
}

variable "gpu_associate_public_ip_address" {
  description = "Give the GPU instances public IP addresses. The tasks (awsvpc) never get one: they still need a NAT gateway or VPC endpoints."
  type        = bool
  default     = false
}

variable "gpu_instance_type" {
  description = "EC2 instance type of the GPU instances: one NVIDIA GPU per task (g4dn.xlarge: 1 T4, 4 vCPU, 16 GiB)."
  type        = string
  default     = "g4dn.xlarge"
}

variable "gpu_ami_id" {
  description = "AMI of the GPU instances; null reads the current ECS GPU-optimised Amazon Linux 2 AMI from the SSM parameter `gpu_ami_ssm_parameter_name`. Pin it to control when instances change."
  type        = string
  default     = null
}

variable "gpu_ami_ssm_parameter_name" {
  description = "Public SSM parameter holding the ECS GPU-optimised AMI id, read when `gpu_ami_id` is null."
  type        = string
  default     = "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id"
}

variable "gpu_root_volume_size" {
  description = "Root volume of the GPU instances in GiB (the CUDA image is several GB); 30 to 16384."
  type        = number
  default     = 60

  validation {
    condition     = var.gpu_root_volume_size >= 30 && var.gpu_root_volume_size <= 16384
    error_message = "gpu_root_volume_size must be between 30 and 16384 GiB."
  }
}

variable "gpu_max_instances" {
  description = "Most GPU instances of the Auto Scaling group (the capacity provider scales it between 0 and this); at least `gpu_max_capacity` on single-GPU types."
  type        = number
  default     = 4

  validation {
    condition     = var.gpu_max_instances >= 1
    error_message = "gpu_max_instances must be at least 1."
  }
}

variable "gpu_image" {
  description = "Full image reference of the GPU service (built from `src/main/docker/Dockerfile.gpu`); null uses `<module ECR repository>:<gpu_image_tag>`. An image elsewhere needs its own pull permissions."
  type        = string
  default     = null
}

variable "gpu_image_tag" {
  description = "Tag of the image in the module's ECR repository."
  type        = string
  default     = "latest"
}

variable "gpu_ecr_image_tag_mutability" {
  description = "`MUTABLE` or `IMMUTABLE` tags in the ECR repository; IMMUTABLE with a versioned `gpu_image_tag` makes every deployment name one image."
  type        = string
  default     = "MUTABLE"

  validation {
    condition     = contains(["MUTABLE", "IMMUTABLE"], var.gpu_ecr_image_tag_mutability)
    error_message = "gpu_ecr_image_tag_mutability must be \"MUTABLE\" or \"IMMUTABLE\"."
  }
}

variable "gpu_ecr_force_delete" {
  description = "Let `terraform destroy` delete the ECR repository with its images."
  type        = bool
  default     = false
}

variable "gpu_task_cpu" {
  description = "CPU units reserved for the container (1024 per vCPU); g4dn.xlarge registers 4096."
  type        = number
  default     = 3072
}

variable "gpu_task_memory" {
  description = "Memory of the container in MiB (hard limit); g4dn.xlarge registers about 15,500."
  type        = number
  default     = 12288
}

variable "gpu_stop_timeout" {
  description = "Seconds between SIGTERM and SIGKILL: the worker stops receiving (at most `virtus.sqs.wait-time`, 20 s), finishes the messages in flight (up to `virtus.sqs.concurrency`), then the batcher answers what it accepted and the model closes; above 20 s plus the slowest message. 60 to 120."
  type        = number
  default     = 90

  validation {
    condition     = var.gpu_stop_timeout >= 60 && var.gpu_stop_timeout <= 120
    error_message = "gpu_stop_timeout must be between 60 and 120 seconds."
  }
}

variable "gpu_health_check_start_period" {
  description = "Seconds after the container starts during which failed readiness checks (`/q/health/ready`) do not count: model download, checksum and ONNX Runtime's CUDA start. 0 to 300 (ECS's limit)."
  type        = number
  default     = 300

  validation {
    condition     = var.gpu_health_check_start_period >= 0 && var.gpu_health_check_start_period <= 300
    error_message = "gpu_health_check_start_period must be between 0 and 300 seconds."
  }
}

variable "gpu_batch_max_size" {
  description = "`VIRTUS_BATCH_MAX_SIZE`: most images per ONNX Runtime call, 1 to 256."
  type        = number
  default     = 16

  validation {
    condition     = var.gpu_batch_max_size >= 1 && var.gpu_batch_max_size <= 256
    error_message = "gpu_batch_max_size must be between 1 and 256."
  }
}

variable "gpu_environment_variables" {
  description = "More environment variables of the GPU container (they override the module's, e.g. `VIRTUS_SQS_CONCURRENCY`)."
  type        = map(string)
  default     = {}
}

variable "gpu_min_capacity" {
  description = "Fewest running tasks (also the initial desired count). At least 1: the backlog per task is undefined with no task running, so the service does not scale from zero."
  type        = number
  default     = 1

  validation {
    condition     = var.gpu_min_capacity >= 1
    error_message = "gpu_min_capacity must be at least 1."
  }
}

variable "gpu_max_capacity" {
  description = "Most running tasks."
  type        = number
  default     = 4

  validation {
    condition     = var.gpu_max_capacity >= 1
    error_message = "gpu_max_capacity must be at least 1."
  }
}

variable "gpu_target_backlog_per_task" {
  description = "Target of the scaling policy: messages visible in the queue per running task (acceptable latency in seconds x images per second of one task; e.g. 60 s x 25 images/s = 1500)."
  type        = number
  default     = 500

  validation {
    condition     = var.gpu_target_backlog_per_task > 0
    error_message = "gpu_target_backlog_per_task must be positive."
  }
}

variable "gpu_scale_out_cooldown" {
  description = "Seconds after a scale-out before the next one."
  type        = number
  default     = 60
}

variable "gpu_scale_in_cooldown" {
  description = "Seconds after a scale-in before the next one (a new GPU instance takes minutes: keep it long)."
  type        = number
  default     = 300
}

variable "gpu_queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the queue in seconds: above the time to scan one receive (10 messages); 0 to 43200."
  type        = number
  default     = 300

  validation {
    condition     = var.gpu_queue_visibility_timeout_seconds >= 0 && var.gpu_queue_visibility_timeout_seconds <= 43200
    error_message = "gpu_queue_visibility_timeout_seconds must be between 0 and 43200."
  }
}

variable "gpu_queue_message_retention_seconds" {
  description = "How long the queue keeps a notification, in seconds (60 to 1209600)."
  type        = number
  default     = 345600

  validation {
    condition     = var.gpu_queue_message_retention_seconds >= 60 && var.gpu_queue_message_retention_seconds <= 1209600
    error_message = "gpu_queue_message_retention_seconds must be between 60 and 1209600."
  }
}

variable "gpu_queue_max_receive_count" {
  description = "Receives of one notification before it moves to the GPU DLQ (redrive `maxReceiveCount`), 1 to 1000."
  type        = number
  default     = 5

  validation {
    condition     = var.gpu_queue_max_receive_count >= 1 && var.gpu_queue_max_receive_count <= 1000
    error_message = "gpu_queue_max_receive_count must be between 1 and 1000."
  }
}

variable "gpu_dlq_message_retention_seconds" {
  description = "How long the GPU DLQ keeps a notification, in seconds (60 to 1209600)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.gpu_dlq_message_retention_seconds >= 60 && var.gpu_dlq_message_retention_seconds <= 1209600
    error_message = "gpu_dlq_message_retention_seconds must be between 60 and 1209600."
  }
}

################################################################################
# Metrics and alarms on the scan results
################################################################################

variable "metrics_namespace" {
  description = "`VIRTUS_METRICS_NAMESPACE`: CloudWatch namespace of the Embedded Metric Format lines that scan (and the GPU service) write: `ObjectsScanned` (Count, dimension `Status` = REAL, FAKE, UNSUPPORTED, ERROR, SKIPPED) and the latencies and sizes without dimensions. The result alarms read it."
  type        = string
  default     = "VirtusScan"

  validation {
    condition     = length(var.metrics_namespace) > 0 && length(var.metrics_namespace) <= 255 && !startswith(var.metrics_namespace, "AWS/")
    error_message = "metrics_namespace must be 1 to 255 characters and not start with AWS/."
  }
}

variable "alarm_scan_errors_threshold" {
  description = "Objects that ended `ERROR` (`ObjectsScanned`, Status=ERROR, Sum per `alarm_period_seconds`) above which the result alarm fires; 0 fires on the first."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_scan_errors_threshold >= 0
    error_message = "alarm_scan_errors_threshold must be 0 or more."
  }
}

variable "fake_rate_alarm_threshold" {
  description = "Share of FAKE among the objects judged REAL or FAKE in one `alarm_period_seconds` above which the FAKE-rate alarm fires, 0 to 1."
  type        = number
  default     = 0.5

  validation {
    condition     = var.fake_rate_alarm_threshold >= 0 && var.fake_rate_alarm_threshold <= 1
    error_message = "fake_rate_alarm_threshold must be between 0 and 1."
  }
}

variable "fake_rate_alarm_min_objects" {
  description = "Fewest objects judged REAL or FAKE in one period for the FAKE rate to count; periods with fewer read as rate 0 (minimum-sample guard)."
  type        = number
  default     = 20

  validation {
    condition     = var.fake_rate_alarm_min_objects >= 1 && floor(var.fake_rate_alarm_min_objects) == var.fake_rate_alarm_min_objects
    error_message = "fake_rate_alarm_min_objects must be a whole number, 1 or more."
  }
}

################################################################################
# Verdict events and FAKE notifications
################################################################################

variable "events_enabled" {
  description = "Publish every final verdict to EventBridge (`VIRTUS_EVENTS_EVENT_BUS`, `events:PutEvents` for scan and the GPU task role): source `virtus.scan`, detail-type `Virtus Scan Result`. On the account's default bus unless `events_event_bus` names one (which turns events on by itself)."
  type        = bool
  default     = false
}

variable "events_event_bus" {
  description = "Event bus of the verdict events: a name in this account and region, or an ARN; null is the account's default bus (with `events_enabled`). Setting it turns events on."
  type        = string
  default     = null

  validation {
    condition     = var.events_event_bus == null || can(regex("^(arn:[^:]+:events:[^:]+:[0-9]{12}:event-bus/)?[A-Za-z0-9._/-]{1,256}$", var.events_event_bus))
    error_message = "events_event_bus must be an event bus name or an arn:<partition>:events:<region>:<account>:event-bus/<name> ARN."
  }
}

variable "create_fake_notifications" {
  description = "With verdict events on: an EventBridge rule on their bus matching `detail.status` FAKE, targeting an SNS topic encrypted with a customer managed KMS key that EventBridge may use, with e-mail subscriptions of `fake_notification_emails`. The bus must be in this account."
  type        = bool
  default     = false
}

variable "fake_notification_emails" {
  description = "E-mail addresses subscribed to the FAKE-verdict topic (each must confirm the mail AWS sends first)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.fake_notification_emails : can(regex("^[^@\\s]+@[^@\\s]+$", e))])
    error_message = "fake_notification_emails must be e-mail addresses."
  }
}

variable "fake_notifications_kms_key_deletion_window_in_days" {
  description = "Waiting period (7 to 30 days) before the FAKE-verdict topic's KMS key is deleted after a destroy."
  type        = number
  default     = 30

  validation {
    condition     = var.fake_notifications_kms_key_deletion_window_in_days >= 7 && var.fake_notifications_kms_key_deletion_window_in_days <= 30
    error_message = "fake_notifications_kms_key_deletion_window_in_days must be 7 to 30."
  }
}

################################################################################
# Backfill with S3 Batch Operations
################################################################################

variable "create_batch_operations_role" {
  description = "Create a role for S3 Batch Operations jobs that scan the objects already in the bucket: trusted by batchoperations.s3.amazonaws.com, `lambda:InvokeFunction` on scan (the version the trigger invokes), list the scanned bucket (manifest generator), read the manifest location, write reports under the report prefix. Output `batch_operations_create_job_command` starts such a job."
  type        = bool
  default     = false
}

variable "batch_operations_report_bucket_name" {
  description = "Bucket of the Batch Operations completion reports (and generated manifests, if kept); null uses the scanned bucket. A separate bucket keeps reports out of the scanned prefixes."
  type        = string
  default     = null
}

variable "batch_operations_report_prefix" {
  description = "Key prefix of the completion reports in `batch_operations_report_bucket_name` (without a trailing slash it gets one)."
  type        = string
  default     = "virtus-scan-batch-reports"

  validation {
    condition     = length(trimsuffix(var.batch_operations_report_prefix, "/")) > 0
    error_message = "batch_operations_report_prefix must not be empty."
  }
}

variable "batch_operations_manifest_bucket_name" {
  description = "Bucket holding manifests the role may read (an S3 Inventory report's manifest.json and its CSV files, or your own CSV); null uses the report bucket."
  type        = string
  default     = null
}

variable "batch_operations_manifest_prefix" {
  description = "Key prefix of those manifests in `batch_operations_manifest_bucket_name`, e.g. the inventory destination prefix; null uses `<batch_operations_report_prefix>/`."
  type        = string
  default     = null
}

variable "batch_operations_priority" {
  description = "Priority of the job in `batch_operations_create_job_command` (0 to 2147483647; higher runs first)."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_operations_priority >= 0 && var.batch_operations_priority <= 2147483647
    error_message = "batch_operations_priority must be 0 to 2147483647."
  }
}

################################################################################
# Marking key (the MAC of every marking)
################################################################################

variable "marking_key_store" {
  description = "Where the module keeps the HMAC-SHA256 key of the markings (64 random characters, made once): `secretsmanager` (a secret `<name>-marking-key`; `VIRTUS_MARKING_KEY_SECRET`) or `ssm` (a SecureString parameter `/<name>/marking-key`; `VIRTUS_MARKING_KEY_PARAMETER`). Only scan's role and the GPU task role may read it."
  type        = string
  default     = "secretsmanager"

  validation {
    condition     = contains(["secretsmanager", "ssm"], var.marking_key_store)
    error_message = "marking_key_store must be \"secretsmanager\" or \"ssm\"."
  }
}

variable "marking_key_kms_key_arn" {
  description = "Customer managed KMS key ARN that encrypts the marking key; the scanning roles get kms:Decrypt on it. null: the AWS managed key of Secrets Manager or SSM."
  type        = string
  default     = null
}

variable "marking_key_recovery_window_in_days" {
  description = "With `marking_key_store = \"secretsmanager\"`: days a deleted secret can be restored (0 deletes at once, else 7 to 30). 0 by default: the secret's name is fixed (`<name>-marking-key`), so a secret pending deletion would block the next apply, and a lost key costs only a rescan of each marked object at its next delivery."
  type        = number
  default     = 0

  validation {
    condition     = var.marking_key_recovery_window_in_days == 0 || (var.marking_key_recovery_window_in_days >= 7 && var.marking_key_recovery_window_in_days <= 30)
    error_message = "marking_key_recovery_window_in_days must be 0 or 7 to 30."
  }
}

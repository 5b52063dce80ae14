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
  description = "Local path of `function.zip` built by Maven (`target/function.zip`): one artifact for both functions. It is uploaded to the artifacts bucket (Lambda takes at most 50 MB directly, 250 MB unzipped through S3)."
  type        = string
}

variable "package_s3_key" {
  description = "Object key of `function.zip` in the artifacts bucket."
  type        = string
  default     = "package/function.zip"
}

variable "runtime_mode" {
  description = "`native` (GraalVM native executable, runtime `provided.al2023`) or `jvm` (runtime `java21` with SnapStart on published versions). Must match how `function.zip` was built."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.runtime_mode)
    error_message = "runtime_mode must be \"native\" or \"jvm\"."
  }
}

variable "architecture" {
  description = "Instruction set of both functions: `x86_64` or `arm64`. Must match the native executable and the ONNX Runtime library in the zip."
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
  description = "How `scan` records its verdict (`VIRTUS_WRITE_MODE`): `tags` (PutObjectTagging), `metadata` (copies the object onto itself with user metadata, needs s3:PutObject) or `both`. With `metadata`/`both` the trigger leaves out copies, so the function's own copy does not trigger it again."
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

variable "enforce_deny_fake_reads" {
  description = "Deny s3:GetObject/GetObjectVersion on objects tagged `<tags_prefix>status = FAKE` to every principal except `enforcement_admin_role_arns` and the two function roles."
  type        = bool
  default     = false
}

variable "enforce_deny_unscanned_reads" {
  description = "Also deny reads of objects without a `<tags_prefix>status` tag (not scanned yet, or uploaded before the module), with the same exceptions."
  type        = bool
  default     = false
}

variable "enforce_protect_tags" {
  description = "Deny adding, changing or deleting `<tags_prefix>*` tags (PutObjectTagging, DeleteObjectTagging, uploads carrying such tags) to every principal but the `scan` role."
  type        = bool
  default     = false
}

variable "enforcement_admin_role_arns" {
  description = "IAM role ARNs (arn:aws:iam::<account>:role/<name>) still allowed to read FAKE and unscanned objects."
  type        = list(string)
  default     = []
}

variable "create_bucket_policy" {
  description = "Attach the enforcement statements as the scanned bucket's policy when any `enforce_*` is true. `aws_s3_bucket_policy` replaces the bucket's whole policy: set false and merge output `enforcement_policy_json` into your own policy when the bucket already has one."
  type        = bool
  default     = true
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  jvm     = var.runtime_mode == "jvm"
  publish = local.jvm || var.publish
  runtime = local.jvm ? "java21" : "provided.al2023"
  handler = local.jvm ? "dev.virtus.scan.function.RequestIdHandler::handleRequest" : "not.used.in.provided.runtime"

  bucket_arn              = "arn:${local.partition}:s3:::${var.bucket_name}"
  bucket_owner_account_id = coalesce(var.bucket_owner_account_id, local.account_id)

  # Objects scan may read and tag: the scanned prefixes only.
  scan_object_arns = length(var.scan_prefixes) == 0 ? ["${local.bucket_arn}/*"] : [for p in var.scan_prefixes : "${local.bucket_arn}/${p}*"]

  # In metadata/both mode scan copies the object onto itself (s3:PutObject, kms:GenerateDataKey).
  rewrites_objects = var.write_mode != "tags"

  # The export directory: the model file plus what the function reads next to it.
  model_files = var.model_source == "s3" ? toset(["config.json", "preprocessor_config.json", "manifest.json", var.model_file]) : toset([])
  model_location = (var.model_source == "s3"
    ? "s3://${aws_s3_bucket.artifacts.bucket}/${var.model_s3_prefix}"
    : var.model_bundled_location
  )

  common_environment = merge(
    {
      VIRTUS_MODEL_LOCATION             = local.model_location
      VIRTUS_MODEL_FILE                 = var.model_file
      VIRTUS_MODEL_POSITIVE_LABEL       = var.model_positive_label
      VIRTUS_MODEL_CACHE_DIRECTORY      = var.model_cache_directory
      VIRTUS_INFERENCE_INTRA_OP_THREADS = tostring(var.inference_intra_op_threads)
      VIRTUS_THRESHOLD                  = tostring(var.threshold)
      VIRTUS_DECODE_MAX_BYTES           = tostring(var.decode_max_bytes)
      VIRTUS_METRICS_NAMESPACE          = var.metrics_namespace
    },
    local.jvm ? { QUARKUS_SNAPSTART_ENABLED = "true" } : {},
  )

  # Comma-separated lists; empty lists are left out so the function's defaults apply.
  scan_filter_environment = { for k, v in {
    VIRTUS_SCAN_INCLUDE_PREFIXES = var.scan_prefixes
    VIRTUS_SCAN_EXCLUDE_PREFIXES = var.scan_exclude_prefixes
    VIRTUS_SCAN_INCLUDE_SUFFIXES = var.scan_suffixes
    VIRTUS_SCAN_EXCLUDE_SUFFIXES = var.scan_exclude_suffixes
  } : k => join(",", v) if length(v) > 0 }

  functions = {
    scan = {
      description          = "Virtus Scan: classifies new objects of ${var.bucket_name} as real or fake and tags them."
      timeout              = var.scan_timeout
      reserved_concurrency = var.scan_reserved_concurrency
      environment = merge(
        local.common_environment,
        {
          QUARKUS_FUNQY_EXPORT = "scan"
          VIRTUS_WRITE_MODE    = var.write_mode
          VIRTUS_TAGS_PREFIX   = var.tags_prefix
        },
        local.scan_filter_environment,
        local.events_environment,
        local.marking_environment,
        var.environment_variables,
      )
    }
    classify = {
      description          = "Virtus Scan: classifies one image (url, s3Uri, bucket+key or imageBase64) on direct invocation."
      timeout              = var.classify_timeout
      reserved_concurrency = var.classify_reserved_concurrency
      environment = merge(
        local.common_environment,
        { QUARKUS_FUNQY_EXPORT = "classify" },
        var.environment_variables,
      )
    }
  }

  # Triggers and the async config point at the published version when there is one (SnapStart needs it).
  scan_qualifier  = local.publish ? aws_lambda_function.this["scan"].version : null
  scan_target_arn = local.publish ? aws_lambda_function.this["scan"].qualified_arn : aws_lambda_function.this["scan"].arn
}

################################################################################
# Functions
################################################################################

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = "${var.name}-${each.key}"
  description   = each.value.description
  role          = aws_iam_role.this[each.key].arn

  runtime       = local.runtime
  handler       = local.handler
  architectures = [var.architecture]
  publish       = local.publish

  s3_bucket         = aws_s3_object.package.bucket
  s3_key            = aws_s3_object.package.key
  s3_object_version = aws_s3_object.package.version_id
  source_code_hash  = filebase64sha256(var.function_zip_path)

  memory_size                    = var.memory_size
  timeout                        = each.value.timeout
  reserved_concurrent_executions = each.value.reserved_concurrency

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  environment {
    variables = each.value.environment
  }

  # JSON lines for CloudWatch Logs Insights; Lambda filters them by their level field (see application_log_level).
  logging_config {
    log_format            = "JSON"
    application_log_level = var.application_log_level
    system_log_level      = var.system_log_level
  }

  dynamic "snap_start" {
    for_each = local.jvm ? [true] : []

    content {
      apply_on = "PublishedVersions"
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.model_source != "s3" || var.model_directory != null
      error_message = "model_directory is required when model_source = \"s3\"."
    }

    precondition {
      condition     = !local.jvm || (var.architecture == "arm64") == endswith(var.function_zip_path, "function-arm64.zip")
      error_message = "architecture = \"${var.architecture}\" needs the zip built for it: target/function-arm64.zip for arm64, target/function.zip for x86_64 (function_zip_path is ${var.function_zip_path})."
    }

    precondition {
      condition     = var.scan_target != "gpu_service" || (var.create_gpu_service && var.scan_trigger == "s3_notification")
      error_message = "scan_target = \"gpu_service\" needs create_gpu_service = true and scan_trigger = \"s3_notification\"."
    }
  }

  # Log groups first, so Lambda does not create them without retention; policies first, so the
  # first invocation can read the model.
  depends_on = [
    aws_cloudwatch_log_group.this,
    aws_iam_role_policy.this,
    aws_s3_object.model,
    aws_secretsmanager_secret_version.marking_key,
  ]
}

resource "aws_lambda_function_event_invoke_config" "scan" {
  function_name = aws_lambda_function.this["scan"].function_name
  qualifier     = local.publish ? aws_lambda_function.this["scan"].version : "$LATEST"

  maximum_retry_attempts       = var.scan_maximum_retry_attempts
  maximum_event_age_in_seconds = var.scan_maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dlq.arn
    }
  }

  # Lambda checks that the role may send to the destination.
  depends_on = [aws_iam_role_policy.this]
}

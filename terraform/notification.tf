################################################################################
# Trigger: S3 event notification or EventBridge rule
################################################################################

locals {
  s3_notification = var.scan_trigger == "s3_notification"
  eventbridge     = var.scan_trigger == "eventbridge"

  # Every new object, copies included (an uploader's CopyObject must be scanned like an upload), in
  # every write_mode: in metadata/both mode scan recognises the copy it made of an object onto itself
  # and does not scan it again. A completed restore too: an archived object is UNSUPPORTED until it can
  # be read. Never s3:ObjectTagging:* (scan's own tags would trigger it again).
  scan_events = ["s3:ObjectCreated:*", "s3:ObjectRestore:Completed"]

  # S3 takes one prefix and one suffix per configuration: one configuration per pair.
  scan_filters = [
    for pair in setproduct(
      length(var.scan_prefixes) > 0 ? var.scan_prefixes : [""],
      length(var.scan_suffixes) > 0 ? var.scan_suffixes : [""],
    ) : { prefix = pair[0], suffix = pair[1] }
  ]

  # The same filters in EventBridge's pattern language.
  eventbridge_key_filters = [
    for f in local.scan_filters : (
      f.prefix != "" && f.suffix != "" ? { wildcard = "${replace(replace(f.prefix, "\\", "\\\\"), "*", "\\*")}*${replace(replace(f.suffix, "\\", "\\\\"), "*", "\\*")}" } :
      f.prefix != "" ? { prefix = f.prefix } : { suffix = f.suffix }
    ) if f.prefix != "" || f.suffix != ""
  ]

  eventbridge_pattern = {
    source        = ["aws.s3"]
    "detail-type" = ["Object Created", "Object Restore Completed"]
    detail = merge(
      { bucket = { name = [var.bucket_name] } },
      length(local.eventbridge_key_filters) > 0 ? { object = { key = local.eventbridge_key_filters } } : {},
    )
  }
}

resource "aws_lambda_permission" "s3" {
  count = local.s3_notification && !local.gpu_target ? 1 : 0

  statement_id   = "AllowInvokeFromS3Bucket"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.this["scan"].function_name
  qualifier      = local.scan_qualifier
  principal      = "s3.amazonaws.com"
  source_arn     = local.bucket_arn
  source_account = local.bucket_owner_account_id
}

# Replaces the bucket's whole notification configuration: with create_bucket_notification = false
# it is left to whoever owns it.
resource "aws_s3_bucket_notification" "this" {
  count = var.create_bucket_notification && (local.s3_notification || local.eventbridge) ? 1 : 0

  bucket      = var.bucket_name
  eventbridge = local.eventbridge

  dynamic "lambda_function" {
    for_each = local.s3_notification && !local.gpu_target ? { for i, f in local.scan_filters : "${var.name}-scan-${i}" => f } : {}

    content {
      id                  = lambda_function.key
      lambda_function_arn = local.scan_target_arn
      events              = local.scan_events
      filter_prefix       = lambda_function.value.prefix == "" ? null : lambda_function.value.prefix
      filter_suffix       = lambda_function.value.suffix == "" ? null : lambda_function.value.suffix
    }
  }

  # scan_target = "gpu_service": the same events and filters go to the GPU service's queue instead.
  dynamic "queue" {
    for_each = local.s3_notification && local.gpu_target ? { for i, f in local.scan_filters : "${var.name}-gpu-${i}" => f } : {}

    content {
      id            = queue.key
      queue_arn     = aws_sqs_queue.gpu[0].arn
      events        = local.scan_events
      filter_prefix = queue.value.prefix == "" ? null : queue.value.prefix
      filter_suffix = queue.value.suffix == "" ? null : queue.value.suffix
    }
  }

  # S3 tests the destination when the configuration is written: the permission (or the queue
  # policy) must exist first.
  depends_on = [aws_lambda_permission.s3, aws_sqs_queue_policy.gpu]
}

resource "aws_cloudwatch_event_rule" "scan" {
  count = local.eventbridge ? 1 : 0

  name          = "${var.name}-object-created"
  description   = "New objects of ${var.bucket_name} for ${var.name}-scan (needs EventBridge delivery enabled on the bucket)."
  event_pattern = jsonencode(local.eventbridge_pattern)

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "scan" {
  count = local.eventbridge ? 1 : 0

  rule      = aws_cloudwatch_event_rule.scan[0].name
  target_id = "${var.name}-scan"
  arn       = local.scan_target_arn

  retry_policy {
    maximum_event_age_in_seconds = var.scan_maximum_event_age_in_seconds
    maximum_retry_attempts       = var.eventbridge_maximum_retry_attempts
  }

  dead_letter_config {
    arn = aws_sqs_queue.dlq.arn
  }

  depends_on = [aws_lambda_permission.eventbridge]
}

resource "aws_lambda_permission" "eventbridge" {
  count = local.eventbridge ? 1 : 0

  statement_id  = "AllowInvokeFromEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["scan"].function_name
  qualifier     = local.scan_qualifier
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.scan[0].arn
}

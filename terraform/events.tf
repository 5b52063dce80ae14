################################################################################
# Verdict events on EventBridge, and optional e-mail notifications of FAKE verdicts
################################################################################

locals {
  # Verdict events are on with events_enabled, or when a bus is named.
  events = var.events_enabled || var.events_event_bus != null

  # A bus ARN is taken as it is; a name (or nothing: the account's default bus) is made an ARN of
  # this account and region for the grants and the rule.
  events_bus_arn = (
    var.events_event_bus != null && startswith(coalesce(var.events_event_bus, "-"), "arn:")
    ? var.events_event_bus
    : "arn:${local.partition}:events:${local.region}:${local.account_id}:event-bus/${coalesce(var.events_event_bus, "default")}"
  )

  # What scan (and the GPU service) read: VIRTUS_EVENTS_EVENT_BUS, only when events are on; the bus
  # as given (name or ARN, PutEvents takes both), "default" without one. Not the ARN built above:
  # it needs the account id, unknown at plan time when the module waits on other resources
  # (depends_on), which would leave the whole environment unknown in the plan.
  events_environment = local.events ? { VIRTUS_EVENTS_EVENT_BUS = local.events_bus } : {}

  # The bus as given, for the rule: "default" reads back as it was written.
  events_bus = coalesce(var.events_event_bus, "default")

  fake_notifications = local.events && var.create_fake_notifications

  fake_verdict_pattern = {
    source        = ["virtus.scan"]
    "detail-type" = ["Virtus Scan Result"]
    detail        = { status = ["FAKE"] }
  }
}

# EventBridge cannot publish to a topic encrypted with the AWS managed key aws/sns (its key policy
# cannot be changed): the topic gets a customer managed key that events.amazonaws.com may use.
data "aws_iam_policy_document" "fake_notifications_key" {
  count = local.fake_notifications ? 1 : 0

  statement {
    sid       = "AccountAdministersKey"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "EventBridgePublishesToEncryptedTopic"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "fake_notifications" {
  count = local.fake_notifications ? 1 : 0

  description             = "Encrypts the ${var.name}-fake-verdicts topic; EventBridge may use it to publish there."
  enable_key_rotation     = true
  deletion_window_in_days = var.fake_notifications_kms_key_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.fake_notifications_key[0].json

  tags = var.tags
}

resource "aws_kms_alias" "fake_notifications" {
  count = local.fake_notifications ? 1 : 0

  name          = "alias/${var.name}-fake-verdicts"
  target_key_id = aws_kms_key.fake_notifications[0].key_id
}

resource "aws_sns_topic" "fake_notifications" {
  count = local.fake_notifications ? 1 : 0

  name              = "${var.name}-fake-verdicts"
  kms_master_key_id = aws_kms_key.fake_notifications[0].arn

  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "fake_notifications" {
  count = local.fake_notifications ? 1 : 0

  name           = "${var.name}-fake-verdicts"
  description    = "FAKE verdicts of ${var.name} (scan and the GPU service) to the ${var.name}-fake-verdicts topic."
  event_bus_name = local.events_bus
  event_pattern  = jsonencode(local.fake_verdict_pattern)

  tags = var.tags

  lifecycle {
    precondition {
      condition     = split(":", local.events_bus_arn)[4] == local.account_id
      error_message = "create_fake_notifications puts its rule on the verdicts' bus: events_event_bus must be a bus of this account (${local.account_id})."
    }
  }
}

resource "aws_cloudwatch_event_target" "fake_notifications" {
  count = local.fake_notifications ? 1 : 0

  rule           = aws_cloudwatch_event_rule.fake_notifications[0].name
  event_bus_name = local.events_bus
  target_id      = "${var.name}-fake-verdicts"
  arn            = aws_sns_topic.fake_notifications[0].arn

  depends_on = [aws_sns_topic_policy.fake_notifications]
}

data "aws_iam_policy_document" "fake_notifications_topic" {
  count = local.fake_notifications ? 1 : 0

  statement {
    sid       = "EventBridgeRulePublishes"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.fake_notifications[0].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.fake_notifications[0].arn]
    }
  }
}

resource "aws_sns_topic_policy" "fake_notifications" {
  count = local.fake_notifications ? 1 : 0

  arn    = aws_sns_topic.fake_notifications[0].arn
  policy = data.aws_iam_policy_document.fake_notifications_topic[0].json
}

# Each address receives a confirmation mail first; until it is confirmed nothing is delivered there.
resource "aws_sns_topic_subscription" "fake_notifications" {
  for_each = local.fake_notifications ? toset(var.fake_notification_emails) : toset([])

  topic_arn = aws_sns_topic.fake_notifications[0].arn
  protocol  = "email"
  endpoint  = each.value
}

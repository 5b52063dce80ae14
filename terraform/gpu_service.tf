################################################################################
# GPU service (optional): the -Dgpu container on ECS, on GPU instances of an Auto Scaling group
################################################################################

locals {
  gpu_log_group_name = "/ecs/${var.name}-gpu"
  gpu_container_name = "virtus-scan-gpu"
  gpu_image          = coalesce(var.gpu_image, "${try(aws_ecr_repository.gpu[0].repository_url, "")}:${var.gpu_image_tag}")
  gpu_ami_id         = var.gpu_ami_id != null ? var.gpu_ami_id : try(nonsensitive(data.aws_ssm_parameter.gpu_ami[0].value), null)

  # scan's settings, plus the queue; Lambda-only settings (SnapStart) left out.
  gpu_environment = local.gpu ? merge(
    { for k, v in local.common_environment : k => v if k != "QUARKUS_SNAPSTART_ENABLED" },
    {
      VIRTUS_WRITE_MODE     = var.write_mode
      VIRTUS_TAGS_PREFIX    = var.tags_prefix
      VIRTUS_SQS_QUEUE_URL  = aws_sqs_queue.gpu[0].url
      AWS_REGION            = local.region
      VIRTUS_BATCH_MAX_SIZE = tostring(var.gpu_batch_max_size)
    },
    local.scan_filter_environment,
    local.events_environment,
    local.marking_environment,
    var.gpu_environment_variables,
  ) : {}
}

resource "aws_ecr_repository" "gpu" {
  count = local.gpu ? 1 : 0

  name                 = "${var.name}-gpu"
  image_tag_mutability = var.gpu_ecr_image_tag_mutability
  force_delete         = var.gpu_ecr_force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "gpu" {
  count = local.gpu ? 1 : 0

  name              = local.gpu_log_group_name
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_id

  tags = var.tags
}

################################################################################
# Cluster, instances, capacity provider
################################################################################

resource "aws_ecs_cluster" "gpu" {
  count = local.gpu ? 1 : 0

  name = "${var.name}-gpu"

  # RunningTaskCount, the divisor of the backlog per task, is a Container Insights metric.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

# The current ECS GPU-optimised Amazon Linux 2 AMI, unless gpu_ami_id pins one.
data "aws_ssm_parameter" "gpu_ami" {
  count = local.gpu && var.gpu_ami_id == null ? 1 : 0

  name = var.gpu_ami_ssm_parameter_name
}

# Shared by the container instances and the tasks' ENIs (awsvpc): both only call AWS APIs over
# HTTPS (the agent: ECS and ECR; the tasks: ECR, S3, SQS, CloudWatch Logs). No ingress: the
# service reads its work from the queue, and nothing connects to port 8080 from outside.
resource "aws_security_group" "gpu" {
  count = local.gpu ? 1 : 0

  name_prefix = "${var.name}-gpu-"
  description = "Virtus Scan GPU instances and tasks: HTTPS out (ECR, S3, SQS, CloudWatch, ECS), nothing in."
  vpc_id      = var.gpu_vpc_id

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "gpu_https" {
  count = local.gpu ? 1 : 0

  security_group_id = aws_security_group.gpu[0].id
  description       = "HTTPS to the AWS APIs and ECR"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_launch_template" "gpu" {
  count = local.gpu ? 1 : 0

  name_prefix   = "${var.name}-gpu-"
  description   = "Virtus Scan GPU container instances of ${var.name}-gpu."
  image_id      = local.gpu_ami_id
  instance_type = var.gpu_instance_type

  iam_instance_profile {
    arn = aws_iam_instance_profile.gpu_instance[0].arn
  }

  network_interfaces {
    associate_public_ip_address = var.gpu_associate_public_ip_address
    security_groups             = concat(aws_security_group.gpu[*].id, var.gpu_security_group_ids)
    delete_on_termination       = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.gpu_root_volume_size
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  # IMDSv2 only; hop limit 1 keeps containers away from the instance role (awsvpc tasks have no
  # route to the instance metadata endpoint anyway).
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    cat >>/etc/ecs/ecs.config <<'CONFIG'
    ECS_CLUSTER=${var.name}-gpu
    ECS_ENABLE_GPU_SUPPORT=true
    ECS_ENABLE_TASK_IAM_ROLE=true
    ECS_CONTAINER_STOP_TIMEOUT=${var.gpu_stop_timeout}s
    CONFIG
  EOT
  )

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-gpu" })
  }

  tags = var.tags
}

resource "aws_autoscaling_group" "gpu" {
  count = local.gpu ? 1 : 0

  name_prefix         = "${var.name}-gpu-"
  min_size            = 0
  max_size            = var.gpu_max_instances
  vpc_zone_identifier = var.gpu_subnet_ids

  # The capacity provider's managed termination protection needs it.
  protect_from_scale_in = true

  launch_template {
    id      = aws_launch_template.gpu[0].id
    version = aws_launch_template.gpu[0].latest_version
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  lifecycle {
    # The capacity provider's managed scaling sets the desired capacity.
    ignore_changes = [desired_capacity]

    precondition {
      condition     = length(var.gpu_subnet_ids) > 0
      error_message = "gpu_subnet_ids must name at least one subnet when create_gpu_service = true."
    }
  }
}

resource "aws_ecs_capacity_provider" "gpu" {
  count = local.gpu ? 1 : 0

  name = "${var.name}-gpu"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.gpu[0].arn
    managed_termination_protection = "ENABLED"

    managed_scaling {
      status          = "ENABLED"
      target_capacity = 100
    }
  }

  tags = var.tags
}

resource "aws_ecs_cluster_capacity_providers" "gpu" {
  count = local.gpu ? 1 : 0

  cluster_name       = aws_ecs_cluster.gpu[0].name
  capacity_providers = [aws_ecs_capacity_provider.gpu[0].name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.gpu[0].name
    weight            = 1
  }
}

################################################################################
# Task definition and service
################################################################################

resource "aws_ecs_task_definition" "gpu" {
  count = local.gpu ? 1 : 0

  family                   = "${var.name}-gpu"
  requires_compatibilities = ["EC2"]
  # awsvpc: every task has its own ENI in gpu_subnet_ids with the module's security group, so
  # the security group and subnets apply per task, not per instance. Tasks per instance are
  # bounded by the instance type's ENIs (g4dn.xlarge: 3, one for the instance) as well as by
  # its GPUs; ENI trunking raises that where it is turned on.
  network_mode       = "awsvpc"
  execution_role_arn = aws_iam_role.gpu_execution[0].arn
  task_role_arn      = aws_iam_role.gpu_task[0].arn

  container_definitions = jsonencode([
    {
      name        = local.gpu_container_name
      image       = local.gpu_image
      essential   = true
      cpu         = var.gpu_task_cpu
      memory      = var.gpu_task_memory
      stopTimeout = var.gpu_stop_timeout
      # awsvpc: the host port is the container port, on the task's own ENI.
      portMappings         = [{ containerPort = 8080, hostPort = 8080, protocol = "tcp" }]
      resourceRequirements = [{ type = "GPU", value = "1" }]
      # Readiness: the model is loaded and the queue answers. The image ships curl for this; the start
      # period covers the model's download and ONNX Runtime's CUDA initialisation.
      healthCheck = {
        command     = ["CMD", "curl", "-fsS", "--max-time", "4", "http://127.0.0.1:8080/q/health/ready"]
        interval    = 15
        timeout     = 5
        retries     = 4
        startPeriod = var.gpu_health_check_start_period
      }
      environment = [for k in sort(keys(local.gpu_environment)) : {
        name  = k
        value = local.gpu_environment[k]
      }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.gpu[0].name
          awslogs-region        = local.region
          awslogs-stream-prefix = "gpu"
        }
      }
    }
  ])

  tags = var.tags

  depends_on = [aws_iam_role_policy.gpu_task]
}

resource "aws_ecs_service" "gpu" {
  count = local.gpu ? 1 : 0

  name            = "${var.name}-gpu"
  cluster         = aws_ecs_cluster.gpu[0].id
  task_definition = aws_ecs_task_definition.gpu[0].arn
  desired_count   = var.gpu_min_capacity

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.gpu[0].name
    weight            = 1
  }

  # The tasks' ENIs: private subnets (NAT gateway or VPC endpoints); the EC2 launch type cannot
  # give a task a public IP.
  network_configuration {
    subnets          = var.gpu_subnet_ids
    security_groups  = concat(aws_security_group.gpu[*].id, var.gpu_security_group_ids)
    assign_public_ip = false
  }

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # One GPU task per instance at most on single-GPU types: spread over zones first.
  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  tags = var.tags

  lifecycle {
    # Application Auto Scaling owns the desired count.
    ignore_changes = [desired_count]
  }

  depends_on = [aws_ecs_cluster_capacity_providers.gpu]
}

################################################################################
# Scaling on backlog per task
################################################################################

resource "aws_appautoscaling_target" "gpu" {
  count = local.gpu ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.gpu[0].name}/${aws_ecs_service.gpu[0].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.gpu_min_capacity
  max_capacity       = var.gpu_max_capacity
}

# Target tracking on messages visible / running tasks (metric math). With no running task the
# quotient has no data: gpu_min_capacity is at least 1, so the service never scales to zero.
resource "aws_appautoscaling_policy" "gpu_backlog" {
  count = local.gpu ? 1 : 0

  name               = "${var.name}-gpu-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.gpu[0].service_namespace
  resource_id        = aws_appautoscaling_target.gpu[0].resource_id
  scalable_dimension = aws_appautoscaling_target.gpu[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.gpu_target_backlog_per_task
    scale_in_cooldown  = var.gpu_scale_in_cooldown
    scale_out_cooldown = var.gpu_scale_out_cooldown

    customized_metric_specification {
      metrics {
        id          = "visible"
        label       = "Messages visible in ${aws_sqs_queue.gpu[0].name}"
        return_data = false

        metric_stat {
          stat = "Sum"

          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"

            dimensions {
              name  = "QueueName"
              value = aws_sqs_queue.gpu[0].name
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running tasks of ${aws_ecs_service.gpu[0].name}"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.gpu[0].name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.gpu[0].name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "Backlog per task"
        expression  = "visible / tasks"
        return_data = true
      }
    }
  }
}

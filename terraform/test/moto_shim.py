#!/usr/bin/env python3
"""moto_server, with five gaps of moto 5.2 filled the way AWS behaves. Same arguments.

- Application Auto Scaling ListTagsForResource/TagResource/UntagResource are not implemented
  (HTTP 500, which the provider retries for minutes after creating aws_appautoscaling_target):
  the tags given at RegisterScalableTarget or TagResource are kept in memory and returned.
- ECS CreateService ignores capacityProviderStrategy (and reports launchType EC2),
  placementStrategy and availabilityZoneRebalancing, so every plan would replace or update the
  service: they are kept on the service and launchType dropped, as AWS does.
- EC2 CreateLaunchTemplate copies the template's own tags (TagSpecifications of resource type
  launch-template) into the version's LaunchTemplateData, so every plan would add a version:
  they stay on the template only.
- SQS returns RedrivePolicy re-serialised with spaces, so every plan would rewrite it: it is
  returned compact, as sent (AWS returns it as sent).
- Lambda ignores LoggingConfig, so every plan would set logging_config again: it is kept from
  CreateFunction and UpdateFunctionConfiguration and returned with AWS's defaults filled in
  (format Text, log group /aws/lambda/NAME, levels INFO for the JSON format).
"""
import json

from moto.awslambda.models import LambdaFunction
from moto.ec2.responses.launch_templates import LaunchTemplates
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.sqs.models import Queue

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse as Response
from moto.server import main

_tags = {}


def _tag_resource(self):
    _tags.setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
    return "{}"


def _untag_resource(self):
    tags = _tags.get(self._get_param("ResourceARN"), {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return "{}"


def _list_tags_for_resource(self):
    return json.dumps({"Tags": _tags.get(self._get_param("ResourceARN"), {})})


_register = Response.register_scalable_target


def _register_scalable_target(self):
    body = _register(self)
    tags = self._get_param("Tags")
    if tags:
        _tags.setdefault(json.loads(body)["ScalableTargetARN"], {}).update(tags)
    return body


Response.tag_resource = _tag_resource
Response.untag_resource = _untag_resource
Response.list_tags_for_resource = _list_tags_for_resource
Response.register_scalable_target = _register_scalable_target


_create_service = EC2ContainerServiceResponse.create_service


def _create_service_with_strategy(self):
    result = _create_service(self)
    service = result.result["service"]
    for param, attribute in (("placementStrategy", "placement_strategy"),
                             ("availabilityZoneRebalancing", "availability_zone_rebalancing")):
        if self._get_param(param) is not None:
            setattr(service, attribute, self._get_param(param))
    strategy = self._get_param("capacityProviderStrategy")
    if strategy:
        service.capacity_provider_strategy = [
            {"capacityProvider": s["capacityProvider"], "weight": int(s.get("weight", 0)), "base": int(s.get("base", 0))}
            for s in strategy
        ]
        service.launch_type = None
    return result


EC2ContainerServiceResponse.create_service = _create_service_with_strategy

_create_launch_template = LaunchTemplates.create_launch_template


def _create_launch_template_own_tags_apart(self):
    result = _create_launch_template(self)
    template = self.ec2_backend.get_launch_template_by_name(self._get_param("LaunchTemplateName"))
    for version in template.versions:
        specs = [t for t in version.data.get("TagSpecifications", []) if t.get("ResourceType") != "launch-template"]
        if specs:
            version.data["TagSpecifications"] = specs
        else:
            version.data.pop("TagSpecifications", None)
    return result


LaunchTemplates.create_launch_template = _create_launch_template_own_tags_apart

_attributes = Queue.attributes


def _attributes_compact_redrive(self):
    attributes = _attributes.fget(self)
    if self.redrive_policy:
        attributes["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return attributes


Queue.attributes = property(_attributes_compact_redrive)


def _logging_config(given, function_name):
    config = {"LogFormat": (given or {}).get("LogFormat", "Text"),
              "LogGroup": (given or {}).get("LogGroup", f"/aws/lambda/{function_name}")}
    if config["LogFormat"] == "JSON":
        config["ApplicationLogLevel"] = given.get("ApplicationLogLevel", "INFO")
        config["SystemLogLevel"] = given.get("SystemLogLevel", "INFO")
    return config


_function_init = LambdaFunction.__init__
_get_configuration = LambdaFunction.get_configuration
_update_configuration = LambdaFunction.update_configuration


def _function_init_with_logging_config(self, account_id, spec, region, version=1):
    _function_init(self, account_id, spec, region, version)
    self.logging_config = _logging_config(spec.get("LoggingConfig"), spec["FunctionName"])


def _get_configuration_with_logging_config(self, on_create=False):
    config = _get_configuration(self, on_create)
    config["LoggingConfig"] = self.logging_config
    return config


def _update_configuration_with_logging_config(self, config_updates):
    if "LoggingConfig" in config_updates:
        self.logging_config = _logging_config(config_updates["LoggingConfig"], self.function_name)
    return _update_configuration(self, config_updates)


LambdaFunction.__init__ = _function_init_with_logging_config
LambdaFunction.get_configuration = _get_configuration_with_logging_config
LambdaFunction.update_configuration = _update_configuration_with_logging_config

if __name__ == "__main__":
    main()

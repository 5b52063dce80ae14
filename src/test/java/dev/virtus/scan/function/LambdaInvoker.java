package dev.virtus.scan.function;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ValidatableResponse;

/** Invokes the exported function through Quarkus' Lambda mock event server, as Lambda would. */
final class LambdaInvoker {

    private LambdaInvoker() {
    }

    static ValidatableResponse invoke(String eventJson) {
        // host:port/_lambda_ of the mock event server, which tests start on a free port
        String api = ConfigProvider.getConfig().getValue("quarkus-internal.aws-lambda.test-api", String.class);
        int port = Integer.parseInt(api.substring(api.indexOf(':') + 1, api.indexOf('/')));
        return given().config(RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE)))
                .port(port).contentType("application/json").accept("application/json")
                .body(eventJson)
                .when().post("/")
                .then();
    }
}

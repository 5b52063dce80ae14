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
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.lambda.mock-event-server.test-port", Integer.class).orElse(8081);
        return given().config(RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE)))
                .port(port).contentType("application/json").accept("application/json")
                .body(eventJson)
                .when().post("/")
                .then();
    }
}

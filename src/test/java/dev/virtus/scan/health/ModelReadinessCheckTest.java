package dev.virtus.scan.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ModelReadinessCheckTest {

    @TestHTTPResource("/q/health/ready")
    URL readiness;

    @Test
    void should_be_ready_with_the_loaded_model_named() {
        given().when().get(readiness)
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'model' }.data.model", startsWith("stand-in/deit-tiny@"))
                .body("checks.find { it.name == 'model' }.data.labels", equalTo("Real,Fake"));
    }
}

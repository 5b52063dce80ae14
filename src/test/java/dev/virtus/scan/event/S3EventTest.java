package dev.virtus.scan.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Both shapes of the {@code scan} event, bound by Jackson as Funqy binds them, from the fixture events. */
class S3EventTest {

    private static final Path EVENTS = Path.of("src/test/resources/events/s3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static S3Event event(String file, String... placeholdersAndValues) {
        try {
            String json = Files.readString(EVENTS.resolve(file));
            for (int i = 0; i < placeholdersAndValues.length; i += 2) {
                json = json.replace("${" + placeholdersAndValues[i] + "}", placeholdersAndValues[i + 1]);
            }
            return JSON.readValue(json, S3Event.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void should_read_a_notification_record_with_its_key_form_decoded() {
        S3Event event = event("object-created-put.json", "bucket", "uploads", "size", "1234", "eTag", "abc", "versionId", "v7");

        assertEquals(List.of(new ObjectCreated("ObjectCreated:Put", "uploads", "uploads/my photo (1).png", "v7", 1234, "abc")),
                event.objectsCreated());
        assertEquals(List.of(), event.ignoredEventNames());
    }

    @Test
    void should_read_an_eventbridge_event_with_its_key_taken_literally() {
        S3Event event = event("eventbridge-object-created.json", "bucket", "uploads", "key", "a+b%28c%29.png", "size", "99",
                "eTag", "e", "versionId", "v1");

        assertEquals(List.of(new ObjectCreated("ObjectCreated:PutObject", "uploads", "a+b%28c%29.png", "v1", 99, "e")),
                event.objectsCreated());
        assertEquals(List.of(), event.ignoredEventNames());
    }

    @Test
    void should_read_a_completed_restore_as_an_object_to_scan_and_ignore_a_restore_begun() {
        S3Event completed = event("object-restore.json", "eventName", "ObjectRestore:Completed", "bucket", "uploads", "size", "1234",
                "eTag", "abc", "versionId", "v7");
        S3Event begun = event("object-restore.json", "eventName", "ObjectRestore:Post", "bucket", "uploads", "size", "1234",
                "eTag", "abc", "versionId", "v7");

        assertEquals(List.of(new ObjectCreated(ObjectCreated.RESTORE_COMPLETED, "uploads", "uploads/my photo (1).png", "v7", 1234, "abc")),
                completed.objectsCreated());
        assertEquals(List.of(), completed.ignoredEventNames());
        assertEquals(List.of(), begun.objectsCreated());
        assertEquals(List.of("ObjectRestore:Post"), begun.ignoredEventNames());
    }

    @Test
    void should_read_an_eventbridge_object_restore_completed_event_as_an_object_to_scan() {
        S3Event event = event("eventbridge-object-restore-completed.json", "bucket", "uploads", "key", "archive/a.png", "size", "99",
                "eTag", "e", "versionId", "v1");

        assertEquals(List.of(new ObjectCreated(ObjectCreated.RESTORE_COMPLETED, "uploads", "archive/a.png", "v1", 99, "e")),
                event.objectsCreated());
        assertEquals(List.of(), event.ignoredEventNames());
    }

    @Test
    void should_list_other_records_as_ignored_by_their_event_name() {
        S3Event event = event("object-removed.json");

        assertEquals(List.of(), event.objectsCreated());
        assertEquals(List.of("ObjectRemoved:Delete"), event.ignoredEventNames());
    }

    @Test
    void should_ignore_the_s3_test_event_by_name() {
        S3Event event = event("test-event.json");

        assertEquals(List.of(), event.objectsCreated());
        assertEquals(List.of("s3:TestEvent"), event.ignoredEventNames());
    }

    @Test
    void should_ignore_an_eventbridge_event_of_another_type_by_its_detail_type() {
        S3Event event = new S3Event(null, "Object Deleted", new S3Event.EventBridgeDetail(new S3Event.Bucket("b"),
                new S3Event.EventBridgeObject("k", 1L, null, null), "DeleteObject"), null, null, null, null);

        assertEquals(List.of(), event.objectsCreated());
        assertEquals(List.of("Object Deleted"), event.ignoredEventNames());
    }

    @Test
    void should_keep_created_records_in_order_and_name_the_others_including_a_missing_name() {
        S3Event.S3Entity entity = new S3Event.S3Entity(new S3Event.Bucket("b"), new S3Event.S3Object("x%2By+z.png", null, null, "e"));
        S3Event event = new S3Event(List.of(
                new S3Event.Notification("ObjectCreated:Copy", entity),
                new S3Event.Notification("ObjectTagging:Put", entity),
                new S3Event.Notification(null, entity),
                new S3Event.Notification("ObjectCreated:CompleteMultipartUpload", entity)), null, null, null, null, null, null);

        assertEquals(List.of(
                new ObjectCreated("ObjectCreated:Copy", "b", "x+y z.png", null, -1, "e"),
                new ObjectCreated("ObjectCreated:CompleteMultipartUpload", "b", "x+y z.png", null, -1, "e")), event.objectsCreated());
        assertEquals(List.of("ObjectTagging:Put", "null"), event.ignoredEventNames());
    }

    @Test
    void should_not_take_an_event_name_merely_containing_object_created() {
        S3Event.S3Entity entity = new S3Event.S3Entity(new S3Event.Bucket("b"), new S3Event.S3Object("k", 1L, null, "e"));
        S3Event event = new S3Event(List.of(new S3Event.Notification("s3:ObjectCreated:Put", entity)), null, null, null, null, null, null);

        assertEquals(List.of(), event.objectsCreated());
        assertEquals(List.of("s3:ObjectCreated:Put"), event.ignoredEventNames());
    }

    @Test
    void should_name_an_eventbridge_object_without_reason_and_size() {
        S3Event event = new S3Event(null, "Object Created", new S3Event.EventBridgeDetail(new S3Event.Bucket("b"),
                new S3Event.EventBridgeObject("k", null, null, "v"), null), null, null, null, null);

        assertEquals(List.of(new ObjectCreated("ObjectCreated:EventBridge", "b", "k", "v", -1, null)), event.objectsCreated());
    }

    @Test
    void should_ignore_an_object_created_detail_type_without_detail() {
        S3Event event = new S3Event(null, "Object Created", null, null, null, null, null);

        assertEquals(List.of(), event.objectsCreated());
        assertEquals(List.of(), event.ignoredEventNames());
    }

    @Test
    void should_read_nothing_from_an_empty_event() {
        S3Event event = new S3Event(null, null, null, null, null, null, null);

        assertEquals(List.of(), event.objectsCreated());
        assertEquals(List.of(), event.ignoredEventNames());
    }
}

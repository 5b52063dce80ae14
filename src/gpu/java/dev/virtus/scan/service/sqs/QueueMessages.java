package dev.virtus.scan.service.sqs;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.event.S3Event;
import software.amazon.awssdk.services.sqs.model.Message;

/** The S3 event notification in a queue message's body, read as {@code scan} reads its event. */
final class QueueMessages {

    private QueueMessages() {
    }

    /**
     * The objects a message says were created; none for {@code s3:TestEvent}, which S3 sends when the
     * notification is configured, and for other event types.
     *
     * @throws IOException when the body is not an S3 event notification
     */
    static List<ObjectCreated> objectsCreated(ObjectMapper json, Message message) throws IOException {
        S3Event event = json.readValue(message.body(), S3Event.class);
        if (event == null) {
            throw new IOException("empty message body");
        }
        return event.objectsCreated();
    }
}

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
     * The objects a message says were created (or restored); none for {@code s3:TestEvent}, which S3 sends when
     * the notification is configured, and for other event types.
     *
     * @param maxRecords the most records, of any event type, one message may carry
     * @throws IOException when the body is not an S3 event notification, or carries more records than that
     */
    static List<ObjectCreated> objectsCreated(ObjectMapper json, Message message, int maxRecords) throws IOException {
        S3Event event = json.readValue(message.body(), S3Event.class);
        if (event == null) {
            throw new IOException("empty message body");
        }
        int records = event.records() == null ? 0 : event.records().size();
        if (records > maxRecords) {
            throw new IOException("the message carries " + records + " records; S3 sends one, and at most " + maxRecords
                    + " are scanned from one message (virtus.sqs.max-records-per-message)");
        }
        return event.objectsCreated();
    }
}

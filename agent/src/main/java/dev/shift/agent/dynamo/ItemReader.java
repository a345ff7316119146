package dev.shift.agent.dynamo;

import dev.shift.agent.item.ReadRequest;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads items: the {@link DynamoGateway} (DynamoDB itself) or a transaction's view of it that includes its
 * own buffered writes. Runtime SDK exceptions pass through; callers translate them into SQLExceptions.
 */
public interface ItemReader {
    /** Items for the request; a Get returns zero or one item. */
    List<Map<String, AttributeValue>> read(ReadRequest request);

    /**
     * How many items the query finds that are rows of {@code entity} (their {@code entityAttribute} is that, or
     * absent: what {@code ItemRows} makes rows of). Here by reading them; DynamoDB itself counts them without sending
     * them ({@link DynamoGateway}).
     */
    default long count(ReadRequest.Query query, String entityAttribute, String entity) {
        long n = 0;
        for (Map<String, AttributeValue> item : read(query)) {
            AttributeValue e = item.get(entityAttribute);
            if (e == null || e.s() == null || e.s().equals(entity)) {
                n++;
            }
        }
        return n;
    }
}

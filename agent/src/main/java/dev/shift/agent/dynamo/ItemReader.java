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
}

package dev.shift.agent.dynamo;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemImages;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.UpdateAction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Folding two buffered writes on one item must equal applying them one after the other. */
class ItemImagesTest {
    static final ItemKey K = new ItemKey("USER#1", "CART#7");
    static final Condition EXISTS = Condition.of(new Condition.Exists("PK"));

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static Map<String, AttributeValue> item(Object... kv) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("PK", AttributeValue.fromS(K.pk()));
        m.put("SK", AttributeValue.fromS(K.sk()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (AttributeValue) kv[i + 1]);
        }
        return m;
    }

    static ItemWrite.Update update(UpdateAction... a) {
        return new ItemWrite.Update(K, List.of(a), Condition.NONE, false);
    }

    /** Applies writes one by one to an image (null = absent). */
    static Map<String, AttributeValue> sequential(Map<String, AttributeValue> start, ItemWrite... ws) {
        Map<String, AttributeValue> cur = start;
        for (ItemWrite w : ws) {
            if (w instanceof ItemWrite.Put p) {
                cur = p.item();
            } else if (w instanceof ItemWrite.Delete) {
                cur = null;
            } else {
                cur = ItemImages.apply(cur == null ? item() : cur, ((ItemWrite.Update) w).actions());
            }
        }
        return cur;
    }

    static void assertFoldEqualsSequential(Map<String, AttributeValue> start, ItemWrite a, ItemWrite b) {
        ItemWrite folded = ItemImages.fold(a, b, "PK", "SK");
        assertEquals(sequential(start, a, b), sequential(start, folded), "fold of " + a + " then " + b + " = " + folded);
    }

    @Test
    void foldsEveryPairLikeSequentialApplication() {
        List<Map<String, AttributeValue>> starts = List.of(item("q", n("4"), "items", AttributeValue.fromL(List.of(n("1")))), item());
        List<ItemWrite> ws = List.of(
                new ItemWrite.Put(K, item("q", n("2"), "items", AttributeValue.fromL(List.of())), Condition.NONE, false),
                new ItemWrite.Delete(K, Condition.NONE, false),
                update(new UpdateAction.Set("q", n("9"))),
                update(new UpdateAction.SetIfAbsent("q", n("3")), new UpdateAction.Set("s", AttributeValue.fromS("x"))),
                update(new UpdateAction.Add("q", new BigDecimal("2"))),
                update(new UpdateAction.Increment("q", new BigDecimal("3"), new BigDecimal("2"))),
                update(new UpdateAction.Remove("q")),
                update(new UpdateAction.Append("items", List.of(), List.of(n("5")))),
                update(new UpdateAction.Append("items", List.of(n("0")), List.of(n("6")))));
        for (Map<String, AttributeValue> start : starts) {
            for (ItemWrite a : ws) {
                for (ItemWrite b : ws) {
                    assertFoldEqualsSequential(start, a, b);
                }
            }
        }
    }

    @Test
    void foldKeepsTheFirstConditionAndOneActionPerAttribute() {
        ItemWrite a = new ItemWrite.Update(K, List.of(new UpdateAction.Add("q", BigDecimal.ONE), new UpdateAction.Set("v", n("1"))), EXISTS, false);
        ItemWrite b = new ItemWrite.Update(K, List.of(new UpdateAction.Add("q", BigDecimal.TEN), new UpdateAction.Set("v", n("2"))), Condition.NONE, false);
        ItemWrite.Update f = (ItemWrite.Update) ItemImages.fold(a, b, "PK", "SK");
        assertEquals(EXISTS, f.condition());
        assertEquals(List.of(new UpdateAction.Add("q", new BigDecimal("11")), new UpdateAction.Set("v", n("2"))), f.actions());
        ItemWrite put = ItemImages.fold(new ItemWrite.Delete(K, Condition.NONE, false), update(new UpdateAction.Add("q", BigDecimal.ONE)), "PK", "SK");
        assertInstanceOf(ItemWrite.Put.class, put);
        assertEquals(item("q", n("1")), ((ItemWrite.Put) put).item());
    }

    @Test
    void expressionsUsePlaceholdersForEveryName() {
        Expressions x = new Expressions();
        String u = x.update(List.of(new UpdateAction.Set("status", AttributeValue.fromS("a")), new UpdateAction.Add("q", BigDecimal.ONE),
                new UpdateAction.Remove("old"), new UpdateAction.Append("items", List.of(), List.of(n("1")))));
        assertEquals("SET #n0 = :v0, #n3 = list_append(if_not_exists(#n3, :v2), :v3) ADD #n1 :v1 REMOVE #n2", u);
        assertEquals(Map.of("#n0", "status", "#n1", "q", "#n2", "old", "#n3", "items"), x.names());
        assertEquals("attribute_exists(#n4) AND #n0 = :v4", x.condition(Condition.of(new Condition.Exists("PK"), new Condition.Equals("status", AttributeValue.fromS("p")))));
    }
}

package dev.shift.agent.item;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * In-memory semantics of {@link ItemWrite}s: applying update actions to an item image (to fold a buffered
 * Update into a Put, or to let a transaction read its own writes) and folding two writes on one item into one.
 */
public final class ItemImages {
    private ItemImages() {
    }

    /** The image after the actions (a new map; the input is not changed). */
    public static Map<String, AttributeValue> apply(Map<String, AttributeValue> image, List<UpdateAction> actions) {
        Map<String, AttributeValue> out = new LinkedHashMap<>(image);
        for (UpdateAction a : actions) {
            AttributeValue cur = out.get(a.attribute());
            if (a instanceof UpdateAction.Set s) {
                out.put(s.attribute(), s.value());
            } else if (a instanceof UpdateAction.SetIfAbsent s) {
                if (cur == null) {
                    out.put(s.attribute(), s.value());
                }
            } else if (a instanceof UpdateAction.Add ad) {
                out.put(ad.attribute(), num(cur == null ? ad.delta() : new BigDecimal(cur.n()).add(ad.delta())));
            } else if (a instanceof UpdateAction.Increment in) {
                BigDecimal base = cur == null ? in.base() : new BigDecimal(cur.n());
                out.put(in.attribute(), num(base.add(in.increment())));
            } else if (a instanceof UpdateAction.Append ap) {
                List<AttributeValue> l = new ArrayList<>(cur == null ? ap.base() : cur.l());
                l.addAll(ap.values());
                out.put(ap.attribute(), AttributeValue.fromL(l));
            } else if (a instanceof UpdateAction.Remove) {
                out.remove(a.attribute());
            }
        }
        return out;
    }

    public static AttributeValue num(BigDecimal d) {
        return AttributeValue.fromN(d.toPlainString());
    }

    /**
     * One write with the same effect as {@code first} followed by {@code second} on the same item. The
     * first write's condition is kept (it guards the state before the transaction; later statements were
     * checked against the transaction's own view when they were planned).
     */
    public static ItemWrite fold(ItemWrite first, ItemWrite second, String pkAttr, String skAttr) {
        if (first == null) {
            return second;
        }
        Condition c = first.condition();
        if (second instanceof ItemWrite.Put p) {
            return new ItemWrite.Put(p.key(), p.item(), c, false);
        }
        if (second instanceof ItemWrite.Delete d) {
            return new ItemWrite.Delete(d.key(), c, false);
        }
        ItemWrite.Update u = (ItemWrite.Update) second;
        if (first instanceof ItemWrite.Put p) {
            return new ItemWrite.Put(p.key(), apply(p.item(), u.actions()), c, false);
        }
        if (first instanceof ItemWrite.Delete) {
            Map<String, AttributeValue> base = new LinkedHashMap<>();
            base.put(pkAttr, AttributeValue.fromS(u.key().pk()));
            base.put(skAttr, AttributeValue.fromS(u.key().sk()));
            return new ItemWrite.Put(u.key(), apply(base, u.actions()), c, false);
        }
        ItemWrite.Update f = (ItemWrite.Update) first;
        return new ItemWrite.Update(f.key(), merge(f.actions(), u.actions()), c, false);
    }

    /** Merges two action lists so each attribute is touched once (DynamoDB rejects overlapping paths). */
    static List<UpdateAction> merge(List<UpdateAction> first, List<UpdateAction> second) {
        Map<String, UpdateAction> byAttr = new LinkedHashMap<>();
        for (UpdateAction a : first) {
            byAttr.put(a.attribute(), a);
        }
        for (UpdateAction n : second) {
            UpdateAction p = byAttr.get(n.attribute());
            byAttr.put(n.attribute(), p == null ? n : combine(p, n));
        }
        return new ArrayList<>(byAttr.values());
    }

    private static UpdateAction combine(UpdateAction p, UpdateAction n) {
        String a = n.attribute();
        if (n instanceof UpdateAction.Set || n instanceof UpdateAction.Remove) {
            return n;
        }
        if (n instanceof UpdateAction.SetIfAbsent s) {
            return p instanceof UpdateAction.Remove ? new UpdateAction.Set(a, s.value()) : p;
        }
        if (n instanceof UpdateAction.Add ad) {
            if (p instanceof UpdateAction.Set s) {
                return new UpdateAction.Set(a, num(new BigDecimal(s.value().n()).add(ad.delta())));
            }
            if (p instanceof UpdateAction.Add pa) {
                return new UpdateAction.Add(a, pa.delta().add(ad.delta()));
            }
            if (p instanceof UpdateAction.Increment pi) {
                return new UpdateAction.Increment(a, pi.base(), pi.increment().add(ad.delta()));
            }
            if (p instanceof UpdateAction.SetIfAbsent s) {
                return new UpdateAction.Increment(a, new BigDecimal(s.value().n()), ad.delta());
            }
            return new UpdateAction.Set(a, num(ad.delta()));
        }
        if (n instanceof UpdateAction.Increment in) {
            if (p instanceof UpdateAction.Set s) {
                return new UpdateAction.Set(a, num(new BigDecimal(s.value().n()).add(in.increment())));
            }
            if (p instanceof UpdateAction.Add pa) {
                return new UpdateAction.Add(a, pa.delta().add(in.increment()));
            }
            if (p instanceof UpdateAction.Increment pi) {
                return new UpdateAction.Increment(a, pi.base(), pi.increment().add(in.increment()));
            }
            if (p instanceof UpdateAction.SetIfAbsent s) {
                return new UpdateAction.Increment(a, new BigDecimal(s.value().n()), in.increment());
            }
            return new UpdateAction.Set(a, num(in.base().add(in.increment())));
        }
        UpdateAction.Append ap = (UpdateAction.Append) n;
        if (p instanceof UpdateAction.Set s) {
            List<AttributeValue> l = new ArrayList<>(s.value().l());
            l.addAll(ap.values());
            return new UpdateAction.Set(a, AttributeValue.fromL(l));
        }
        if (p instanceof UpdateAction.Append pa) {
            List<AttributeValue> l = new ArrayList<>(pa.values());
            l.addAll(ap.values());
            return new UpdateAction.Append(a, pa.base(), l);
        }
        if (p instanceof UpdateAction.SetIfAbsent s) {
            return new UpdateAction.Append(a, s.value().l(), ap.values());
        }
        return new UpdateAction.Set(a, AttributeValue.fromL(ap.values()));
    }
}

package dev.shift.agent.item;

/** One DynamoDB read a plan needs; executed by the execute stage (an {@code ItemReader}). */
public sealed interface ReadRequest {

    String describe(String table);

    /** GetItem (strongly consistent). */
    record Get(ItemKey key) implements ReadRequest {
        @Override
        public String describe(String table) {
            return "GetItem " + table + " key=" + key + " consistent";
        }
    }

    /**
     * Query of one partition: {@code PK = :pk AND begins_with(SK, :prefix)}, in sort-key order
     * ({@code forward}) with an optional Limit (null = all pages). {@code again}: a write of a transaction that has
     * read these items already reads them again, as MySQL's locking read sees rows committed since; a call made for
     * correctness (code that reused the first read would miss those rows), so marked in its User-Agent.
     */
    record Query(String pk, String skPrefix, boolean forward, Integer limit, boolean again) implements ReadRequest {

        public Query(String pk, String skPrefix, boolean forward, Integer limit) {
            this(pk, skPrefix, forward, limit, false);
        }

        /** This query, marked as read {@link #again}. */
        public Query readAgain() {
            return new Query(pk, skPrefix, forward, limit, true);
        }

        @Override
        public String describe(String table) {
            return "Query " + table + " partition \"" + pk + "\" sort key begins_with \"" + skPrefix + "\""
                    + (forward ? " asc" : " desc") + (limit == null ? "" : " limit " + limit) + " consistent";
        }
    }

    /**
     * Scan of the whole table for the items of one entity (strongly consistent, every page): only for tables the
     * mapping marks {@code scannable}, for reads that bind no key.
     */
    record Scan(String entityAttribute, String entity) implements ReadRequest {
        @Override
        public String describe(String table) {
            return "Scan " + table + " where " + entityAttribute + " = \"" + entity + "\" consistent";
        }
    }

    /**
     * Query of a GSI by its partition key attribute (eventually consistent, as GSIs are, so each hit is read again by
     * key). {@code unique}: the value is built from the row's whole primary key, so at most one item carries it.
     * {@code keysOnly}: the hits' keys are all the statement needs (its write carries the whole WHERE as its
     * condition, checked on the item itself), so they are not read again.
     */
    record IndexQuery(String index, String attribute, String value, boolean unique, boolean keysOnly)
            implements ReadRequest {

        public IndexQuery(String index, String attribute, String value) {
            this(index, attribute, value, false, false);
        }

        public IndexQuery withKeysOnly() {
            return new IndexQuery(index, attribute, value, unique, true);
        }

        @Override
        public String describe(String table) {
            return "Query " + table + " index " + index + " " + attribute + " = \"" + value + "\"" + (keysOnly ? " keys" : "");
        }
    }
}

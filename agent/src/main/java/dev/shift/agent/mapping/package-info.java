/**
 * The declarative mapping from SQL tables to Shift's single DynamoDB table ({@link dev.shift.agent.mapping.Mapping}):
 * an operator-editable JSON file; the default ({@code default-mapping.json}) describes the shop.
 *
 * <h2>Default data model</h2>
 * <ul>
 *   <li>Table {@code Users}, keys {@code PK}/{@code SK} (strings), billing PAY_PER_REQUEST.</li>
 *   <li>{@code shopping_carts} row → {@code PK=USER#{user_id}}, {@code SK=CART#{product_id}}, {@code entity=CART}.</li>
 *   <li>{@code orders} row → {@code PK=USER#{user_id}}, {@code SK=ORDER#{created_at}#{id}} (created_at as
 *       {@code 2026-11-26T17:40:00.123}, so a partition Query returns a user's orders in time order),
 *       {@code entity=ORDER}, and {@code GSI1PK=ORDER#{id}}.</li>
 *   <li>Index {@code GSI1}: hash key {@code GSI1PK}, projection ALL; serves orders by id (O5, O6, O7, order_items
 *       inserts). Only orders carry {@code GSI1PK}, so the index is sparse.</li>
 *   <li>{@code order_items} rows are not items: they are Maps {@code {product_id, quantity, price_at_time}} in the
 *       order item's List attribute {@code items}; {@code order_id} is the parent's {@code id}.</li>
 *   <li>Every item Shift writes has {@code shift_version} (N, write time in µs since the epoch, increasing per
 *       JVM) so the backfill can write conditionally and never overwrite newer live data.</li>
 *   <li>Id counters: {@code PK=SHIFT#COUNTER}, {@code SK=<table>.<column>}, attribute {@code value}.</li>
 * </ul>
 *
 * <h2>Types</h2>
 * {@code string} (S), {@code number-long} / {@code number-int} (N), {@code decimal} (N, exact BigDecimal; the
 * mapping's {@code scale} is restored on read, so 12.5 stored reads back as 12.50), {@code timestamp} (S,
 * ISO-8601 with milliseconds, DATETIME(3) semantics: sub-millisecond digits are dropped), {@code boolean}
 * (BOOL). SQL NULL is never stored: the attribute is absent (an attribute holding {@code NULL:true} also reads
 * as NULL).
 */
package dev.shift.agent.mapping;

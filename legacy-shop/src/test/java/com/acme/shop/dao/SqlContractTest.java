package com.acme.shop.dao;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DAOs' SQL strings are exactly those of docs/shop-sql.md (whitespace aside). */
class SqlContractTest {

    static String norm(String sql) {
        return sql.trim().replaceAll("\\s+", " ");
    }

    @Test
    void daoStatementsMatchTheDocument() throws Exception {
        Path doc = Path.of("..", "docs", "shop-sql.md");
        assertTrue(Files.exists(doc), "run from the legacy-shop module: " + doc.toAbsolutePath());
        String text = Files.readString(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| ([CO]\\d) \\|[^|]*\\| `([^`]+)` \\|").matcher(text);
        while (m.find()) {
            documented.put(m.group(1), norm(m.group(2)));
        }
        Matcher inv = Pattern.compile("`(UPDATE products SET inventory[^`]+)`").matcher(text);
        assertTrue(inv.find());

        Map<String, String> ours = new LinkedHashMap<>();
        ours.put("C1", CartDao.ADD);
        ours.put("C2", CartDao.QUANTITY);
        ours.put("C3", CartDao.SET_QUANTITY);
        ours.put("C4", CartDao.REMOVE);
        ours.put("C5", CartDao.CLEAR);
        ours.put("C6", CartDao.LINES);
        ours.put("C7", CartDao.SUMMARY);
        ours.put("O1", OrderDao.INSERT_ORDER);
        ours.put("O2", OrderDao.INSERT_ITEM);
        ours.put("O3", OrderDao.HISTORY);
        ours.put("O4", OrderDao.COUNT);
        ours.put("O5", OrderDao.BY_ID);
        ours.put("O6", OrderDao.LINES);
        ours.put("O7", OrderDao.UPDATE_STATUS);
        ours.replaceAll((k, v) -> norm(v));

        assertEquals(documented, ours);
        assertEquals(norm(inv.group(1)), norm(ProductDao.TAKE_INVENTORY));
    }
}

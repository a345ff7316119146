package dev.shift.testfixtures.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** A driver whose server is down. */
public class FailingDriver extends BaseDriver {

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        throw new SQLException("Connection refused");
    }
}

package dev.shift.testfixtures.jdbc;

import java.sql.Connection;

/** A DataSource that opens connections without any Driver (as MariaDB's MariaDbDataSource). */
public class StandaloneDataSource extends DriverDataSource {

    @Override
    public Connection getConnection() {
        return FakeConnection.create("standalone");
    }
}

package dev.shift.testfixtures.jdbc;

import java.util.Properties;

/** {@code connect} with a covariant return type (plus the compiler's bridge), as MariaDB's driver. */
public class CovariantDriver extends BaseDriver {

    @Override
    public FakeConnection connect(String url, Properties info) {
        return FakeConnection.create("covariant");
    }
}

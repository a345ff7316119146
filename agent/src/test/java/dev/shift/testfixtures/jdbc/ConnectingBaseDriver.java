package dev.shift.testfixtures.jdbc;

import java.sql.Connection;
import java.util.Properties;

/** An abstract driver that implements {@code connect}; its concrete subclass inherits it. */
public abstract class ConnectingBaseDriver extends BaseDriver {

    @Override
    public Connection connect(String url, Properties info) {
        return FakeConnection.create("inherited");
    }
}

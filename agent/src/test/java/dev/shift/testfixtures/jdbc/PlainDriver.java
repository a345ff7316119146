package dev.shift.testfixtures.jdbc;

import java.sql.Connection;
import java.util.Properties;

/** {@code connect} returning {@code java.sql.Connection}, as Connector/J's NonRegisteringDriver. */
public class PlainDriver extends BaseDriver {

    @Override
    public Connection connect(String url, Properties info) {
        return acceptsURL(url) ? FakeConnection.create("plain") : null;
    }
}

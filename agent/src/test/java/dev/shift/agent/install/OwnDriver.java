package dev.shift.agent.install;

import dev.shift.testfixtures.jdbc.FakeConnection;
import dev.shift.testfixtures.jdbc.PlainDriver;
import java.sql.Connection;
import java.util.Properties;

/** Stands for a driver Shift carries itself (relocated under dev.shift.agent.shaded): never to be wrapped. */
public class OwnDriver extends PlainDriver {

    @Override
    public Connection connect(String url, Properties info) {
        return FakeConnection.create("own");
    }
}

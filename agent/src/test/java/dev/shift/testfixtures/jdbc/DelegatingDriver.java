package dev.shift.testfixtures.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Properties;

/** A driver in front of another (as p6spy's): its connection wraps the inner driver's. */
public class DelegatingDriver extends BaseDriver {

    @Override
    public Connection connect(String url, Properties info) throws java.sql.SQLException {
        Connection inner = new PlainDriver().connect(url, info);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return "DelegatingConnection[" + inner + "]";
            }
            return method.invoke(inner, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }
}

package dev.shift.testfixtures.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * A driver's own connection type, so a driver can declare a covariant {@code connect} (as MariaDB's does).
 * Instances are dynamic proxies: these fixtures only need identity, not behaviour.
 */
public interface FakeConnection extends Connection {

    static FakeConnection create(String name) {
        return (FakeConnection) Proxy.newProxyInstance(FakeConnection.class.getClassLoader(),
                new Class<?>[] {FakeConnection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "toString":
                            return "FakeConnection[" + name + "]";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "getAutoCommit":
                        case "isWrapperFor":
                            return method.getName().equals("getAutoCommit");
                        default:
                            return null;
                    }
                });
    }
}

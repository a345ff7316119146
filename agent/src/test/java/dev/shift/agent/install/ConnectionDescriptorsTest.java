package dev.shift.agent.install;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Only the class files that can declare an intercepted method are looked at further. */
class ConnectionDescriptorsTest {

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void driversAndDataSourcesPass() throws Exception {
        assertTrue(ConnectionDescriptors.mayDeclareConnectionMethod(classFile(OwnDriver.class)), "a Driver");
        assertTrue(ConnectionDescriptors.mayDeclareConnectionMethod(classFile(org.mariadb.jdbc.Driver.class)),
                "a Driver whose connect returns its own Connection type (and a bridge with the interface's)");
        assertTrue(ConnectionDescriptors.mayDeclareConnectionMethod(classFile(com.zaxxer.hikari.HikariDataSource.class)),
                "a DataSource");
        assertTrue(ConnectionDescriptors.mayDeclareConnectionMethod(classFile(com.mysql.cj.jdbc.NonRegisteringDriver.class)),
                "Connector/J's driver, where connect is declared");
    }

    @Test
    void otherClassesAreLeftAloneAfterAScan() throws Exception {
        assertFalse(ConnectionDescriptors.mayDeclareConnectionMethod(classFile(java.util.ArrayList.class)));
        assertFalse(ConnectionDescriptors.mayDeclareConnectionMethod(classFile(com.zaxxer.hikari.HikariConfig.class)));
        assertFalse(ConnectionDescriptors.mayDeclareConnectionMethod(classFile(java.net.Socket.class)),
                "a connect(SocketAddress) is not a JDBC connect");
    }

    @Test
    void theScanFindsANeedleAnywhere() {
        byte[] needle = {1, 2, 3};
        assertTrue(ConnectionDescriptors.contains(new byte[] {1, 2, 3}, needle));
        assertTrue(ConnectionDescriptors.contains(new byte[] {9, 1, 1, 2, 3}, needle), "after a false start");
        assertFalse(ConnectionDescriptors.contains(new byte[] {1, 2}, needle));
        assertFalse(ConnectionDescriptors.contains(new byte[] {9, 1, 2, 4, 3}, needle));
    }
}

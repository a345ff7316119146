package dev.shift.agent.install;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whether a class file can declare a method Shift intercepts, from its bytes alone. Every class the application loads
 * passes through the interception; a class declares a method only with its descriptor among its constants, so a class
 * whose bytes contain neither {@code (Ljava/lang/String;Ljava/util/Properties;)} ({@code connect(String, Properties)},
 * whatever it returns) nor {@code )Ljava/sql/Connection;} (a {@code getConnection} returning exactly
 * {@code java.sql.Connection}) cannot match, and is left alone after a scan of its bytes.
 */
final class ConnectionDescriptors {

    private static final byte[] CONNECT = "(Ljava/lang/String;Ljava/util/Properties;)".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETURNS_CONNECTION = ")Ljava/sql/Connection;".getBytes(StandardCharsets.US_ASCII);

    /**
     * Packages whose classes are never intercepted, in class-file form: the JDK's (DriverManager included), and Shift
     * itself with its relocated libraries, so that Shift's own MySQL connections are never Shift's.
     */
    static final List<String> NOT_INTERCEPTED = List.of("dev/shift/agent/", "dev/shift/admin/", "dev/shift/core/",
            "net/bytebuddy/", "java/", "javax/", "jdk/", "sun/", "com/sun/");

    private ConnectionDescriptors() {
    }

    /** Whether the class (internal name, with slashes) is in a package never intercepted. */
    static boolean notIntercepted(String internalName) {
        for (String prefix : NOT_INTERCEPTED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** True when the class file's bytes hold a descriptor an intercepted method has (a necessary condition). */
    static boolean mayDeclareConnectionMethod(byte[] classFile) {
        return classFile == null || contains(classFile, CONNECT) || contains(classFile, RETURNS_CONNECTION);
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

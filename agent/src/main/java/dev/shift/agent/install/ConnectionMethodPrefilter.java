package dev.shift.agent.install;

import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Hands Byte Buddy only the classes that can declare an advised method. Every class the application loads passes
 * through the transformer, and Byte Buddy's matching parses each one to list its methods; at start-up that is
 * thousands of classes (a second of the application's start on a small machine). A class declares a method only
 * with its descriptor among its constants, so a class whose bytes contain neither {@code
 * (Ljava/lang/String;Ljava/util/Properties;)} ({@code connect(String, Properties)}, whatever it returns) nor
 * {@code )Ljava/sql/Connection;} (a {@code getConnection} returning exactly {@code java.sql.Connection}) cannot
 * match, and is left alone after a scan of its bytes.
 */
final class ConnectionMethodPrefilter extends ResettableClassFileTransformer.WithDelegation {

    private static final byte[] CONNECT = "(Ljava/lang/String;Ljava/util/Properties;)".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETURNS_CONNECTION = ")Ljava/sql/Connection;".getBytes(StandardCharsets.US_ASCII);

    /** For {@link AgentBuilder#with(AgentBuilder.TransformerDecorator)}. */
    static final AgentBuilder.TransformerDecorator DECORATOR = ConnectionMethodPrefilter::new;

    private ConnectionMethodPrefilter(ResettableClassFileTransformer byteBuddy) {
        super(byteBuddy);
    }

    /** True when the class file's bytes hold a descriptor an advised method has (a necessary condition). */
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

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) throws IllegalClassFormatException {
        return mayDeclareConnectionMethod(classFile)
                ? classFileTransformer.transform(loader, name, redefined, domain, classFile) : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        return mayDeclareConnectionMethod(classFile)
                ? classFileTransformer.transform(module, loader, name, redefined, domain, classFile) : null;
    }
}

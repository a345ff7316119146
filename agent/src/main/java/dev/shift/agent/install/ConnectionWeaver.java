package dev.shift.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Shift's JDBC interception for classes loaded after {@code premain} (the application's drivers and pools, in the
 * common case), in plain ASM: a few dozen classes to load instead of Byte Buddy's agent machinery (about a thousand,
 * 0.4 s of the application's start on a small machine). A class implementing {@code java.sql.Driver} or
 * {@code javax.sql.DataSource} that declares {@code Connection connect(String, Properties)} or {@code Connection
 * getConnection()} / {@code getConnection(String, String)} keeps that method under a private name, and a method of the
 * original name and access calls it between {@code CallDepth.enter()} and {@code CallDepth.exit()} (also when it
 * throws) and hands the result to {@link WovenExit}: the outermost call's connection comes back wrapped, and a
 * driver's connection is remembered ({@link dev.shift.agent.jdbc.DriverConnections}).
 *
 * <p>Only what returns exactly {@code java.sql.Connection} is woven: a driver declaring a covariant {@code connect}
 * (MariaDB's) also has the compiler's bridge with the interface's signature, which is what DriverManager and pools
 * call. Adding a method is possible only when a class is first defined, so classes already loaded (Shift attached
 * to a running JVM) are left to {@link JdbcInterception#install}'s retransformation.
 */
final class ConnectionWeaver implements ClassFileTransformer {

    static final String KEPT_SUFFIX = "$shiftOriginal";
    private static final System.Logger LOG = System.getLogger("dev.shift.agent");

    private static final String CONNECT = "(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;";
    private static final String GET = "()Ljava/sql/Connection;";
    private static final String GET_AS = "(Ljava/lang/String;Ljava/lang/String;)Ljava/sql/Connection;";
    private static final String DRIVER = "java/sql/Driver";
    private static final String DATA_SOURCE = "javax/sql/DataSource";
    private static final String CALL_DEPTH = "dev/shift/agent/jdbc/CallDepth";
    private static final String EXIT = Type.getInternalName(WovenExit.class);

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) {
        if (redefined != null || loader == null || name == null || ConnectionDescriptors.notIntercepted(name)
                || !ConnectionDescriptors.mayDeclareConnectionMethod(classFile)) {
            return null;
        }
        try {
            return weave(loader, name, classFile);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "Shift could not instrument " + name.replace('/', '.')
                    + "; connections it creates are not intercepted (they run on MySQL untouched)", t);
            return null;
        }
    }

    /** The class woven, or null when it is none of Shift's business. */
    byte[] weave(ClassLoader loader, String name, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        if ((reader.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_SYNTHETIC)) != 0) {
            return null;
        }
        Set<String> declared = advisedMethods(reader);
        if (declared.stream().anyMatch(m -> m.contains(KEPT_SUFFIX + "("))) {
            return null;   // woven already (the agent attached twice): a second front would not even load
        }
        boolean driver = declared.contains("connect" + CONNECT) && implementsType(loader, reader, DRIVER);
        boolean dataSource = (declared.contains("getConnection" + GET) || declared.contains("getConnection" + GET_AS))
                && implementsType(loader, reader, DATA_SOURCE);
        if (!driver && !dataSource || !JdbcInterception.seesShift(loader)) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean frames = (reader.readUnsignedShort(6) >= Opcodes.V1_6);
        List<Runnable> fronts = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                    String[] exceptions) {
                boolean woven = (driver && method.equals("connect") && descriptor.equals(CONNECT))
                        || (dataSource && method.equals("getConnection")
                                && (descriptor.equals(GET) || descriptor.equals(GET_AS)));
                if (!woven || (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return super.visitMethod(access, method, descriptor, signature, exceptions);
                }
                fronts.add(() -> front(writer, name, access, method, descriptor, signature, exceptions, frames));
                int kept = (access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_BRIDGE))
                        | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
                return super.visitMethod(kept, method + KEPT_SUFFIX, descriptor, signature, exceptions);
            }

            @Override
            public void visitEnd() {
                fronts.forEach(Runnable::run);
                super.visitEnd();
            }
        }, 0);
        return fronts.isEmpty() ? null : writer.toByteArray();
    }

    /**
     * The method of the original name, access and signature: {@code int d = CallDepth.enter(); try { c = kept(args); }
     * catch (Throwable t) { CallDepth.exit(); throw t; } CallDepth.exit(); return WovenExit.after…(…, c, d);}.
     */
    private static void front(ClassWriter writer, String owner, int access, String method, String descriptor,
            String signature, String[] exceptions, boolean frames) {
        int frontAccess = access & ~(Opcodes.ACC_SYNCHRONIZED);
        MethodVisitor mv = writer.visitMethod(frontAccess, method, descriptor, signature, exceptions);
        Type[] args = Type.getArgumentTypes(descriptor);   // String/Properties or String/String or none: one slot each
        int depth = args.length + 1;
        int connection = depth + 1;
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitCode();
        mv.visitTryCatchBlock(start, end, handler, null);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CALL_DEPTH, "enter", "()I", false);
        mv.visitVarInsn(Opcodes.ISTORE, depth);
        mv.visitLabel(start);
        for (int i = 0; i <= args.length; i++) {
            mv.visitVarInsn(Opcodes.ALOAD, i);
        }
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, method + KEPT_SUFFIX, descriptor, false);
        mv.visitVarInsn(Opcodes.ASTORE, connection);
        mv.visitLabel(end);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CALL_DEPTH, "exit", "()V", false);
        if (method.equals("connect")) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ALOAD, connection);
            mv.visitVarInsn(Opcodes.ILOAD, depth);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, EXIT, "afterConnect",
                    "(Ljava/lang/Object;Ljava/lang/String;Ljava/util/Properties;Ljava/sql/Connection;I)"
                            + "Ljava/sql/Connection;", false);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, connection);
            mv.visitVarInsn(Opcodes.ILOAD, depth);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, EXIT, "afterGetConnection",
                    "(Ljava/sql/Connection;I)Ljava/sql/Connection;", false);
        }
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(handler);
        if (frames) {
            Object[] locals = new Object[depth + 1];
            locals[0] = owner;
            for (int i = 0; i < args.length; i++) {
                locals[i + 1] = args[i].getInternalName();
            }
            locals[depth] = Opcodes.INTEGER;
            mv.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CALL_DEPTH, "exit", "()V", false);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitMaxs(args.length + 4, connection + 1);
        mv.visitEnd();
    }

    private static Set<String> advisedMethods(ClassReader reader) {
        Set<String> found = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                        && descriptor.endsWith(")Ljava/sql/Connection;")) {
                    found.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }

    /**
     * Whether the class implements {@code type}, from the class files of its super types as its loader finds them
     * (none is loaded for this: loading them from inside a transformation could fail or load them in the wrong order).
     * A super type that cannot be read makes it no match.
     */
    static boolean implementsType(ClassLoader loader, ClassReader reader, String type) {
        List<String> pending = new ArrayList<>(List.of(reader.getInterfaces()));
        if (reader.getSuperName() != null) {
            pending.add(reader.getSuperName());
        }
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String next = pending.remove(pending.size() - 1);
            if (next.equals(type)) {
                return true;
            }
            if (next.equals("java/lang/Object") || !seen.add(next)) {
                continue;
            }
            ClassReader header = header(loader, next);
            if (header == null) {
                continue;
            }
            pending.addAll(List.of(header.getInterfaces()));
            if (header.getSuperName() != null) {
                pending.add(header.getSuperName());
            }
        }
        return false;
    }

    private static ClassReader header(ClassLoader loader, String name) {
        String resource = name + ".class";
        try {
            InputStream found = loader.getResourceAsStream(resource);
            try (InputStream in = found != null ? found : ClassLoader.getSystemResourceAsStream(resource)) {
                return in == null ? null : new ClassReader(in);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

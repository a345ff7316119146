package dev.shift.agent.install;

import java.util.Set;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Wraps the connection a compiler-made bridge method returns. A driver whose {@code connect} declares its own
 * connection type (MariaDB's {@code org.mariadb.jdbc.Connection connect(String, Properties)}) also carries a
 * synthetic bridge {@code java.sql.Connection connect(String, Properties)}, and that bridge is what DriverManager
 * and pools call through the interface. Byte Buddy's {@code Advice} never sees bridge methods (its method graph
 * folds them into the covariant method, raphw/byte-buddy#1162), and the covariant method cannot return Shift's
 * wrapper, so the bridge is woven by hand: one static call before each {@code areturn}. The call leaves the
 * operand stack as it was, so no frames change.
 */
final class BridgeReturnWrapper extends AsmVisitorWrapper.AbstractBase {

    private static final String OWNER = Type.getInternalName(BridgeExit.class);
    private static final String ON_RETURN = "onReturn";
    private static final String ON_RETURN_DESCRIPTOR = "(Ljava/sql/Connection;)Ljava/sql/Connection;";

    private final Set<String> methods; // name + descriptor

    private BridgeReturnWrapper(Set<String> methods) {
        this.methods = methods;
    }

    static BridgeReturnWrapper driverConnect() {
        return new BridgeReturnWrapper(Set.of("connect(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;"));
    }

    static BridgeReturnWrapper dataSourceGetConnection() {
        return new BridgeReturnWrapper(Set.of("getConnection()Ljava/sql/Connection;",
                "getConnection(Ljava/lang/String;Ljava/lang/String;)Ljava/sql/Connection;"));
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
            Implementation.Context implementationContext, TypePool typePool,
            FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methodList, int writerFlags,
            int readerFlags) {
        return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
                boolean bridge = (access & Opcodes.ACC_BRIDGE) != 0 && (access & Opcodes.ACC_ABSTRACT) == 0;
                if (visitor == null || !bridge || !methods.contains(name + descriptor)) {
                    return visitor;
                }
                return new MethodVisitor(OpenedClassReader.ASM_API, visitor) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode == Opcodes.ARETURN) {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, ON_RETURN, ON_RETURN_DESCRIPTOR, false);
                        }
                        super.visitInsn(opcode);
                    }
                };
            }
        };
    }
}

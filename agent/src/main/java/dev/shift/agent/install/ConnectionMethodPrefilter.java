package dev.shift.agent.install;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Hands Byte Buddy only the classes that can declare an advised method ({@link ConnectionDescriptors}): its matching
 * would otherwise parse every class the application loads to list its methods.
 */
final class ConnectionMethodPrefilter extends ResettableClassFileTransformer.WithDelegation {

    /** For {@link AgentBuilder#with(AgentBuilder.TransformerDecorator)}. */
    static final AgentBuilder.TransformerDecorator DECORATOR = ConnectionMethodPrefilter::new;

    private ConnectionMethodPrefilter(ResettableClassFileTransformer byteBuddy) {
        super(byteBuddy);
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) throws IllegalClassFormatException {
        return ConnectionDescriptors.mayDeclareConnectionMethod(classFile)
                ? classFileTransformer.transform(loader, name, redefined, domain, classFile) : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        return ConnectionDescriptors.mayDeclareConnectionMethod(classFile)
                ? classFileTransformer.transform(module, loader, name, redefined, domain, classFile) : null;
    }
}

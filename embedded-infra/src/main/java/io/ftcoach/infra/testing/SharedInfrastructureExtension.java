package io.ftcoach.infra.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(SharedInfrastructureExtension.class)}: starts {@link TestInfrastructure#shared()} before the
 * class's tests and injects it into test constructors and methods that declare a {@link TestInfrastructure}
 * parameter.
 */
public final class SharedInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestInfrastructure.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return TestInfrastructure.shared();
    }
}

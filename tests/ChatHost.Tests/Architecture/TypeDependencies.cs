using Mono.Cecil;

namespace ModelScale.ChatHost.Tests.Architecture;

/// <summary>One use of a type by a type of the product, found in its compiled IL.</summary>
/// <param name="From">The using type (a nested or compiler-made type counts as its outermost declaring type).</param>
/// <param name="FromNamespace">The namespace of <paramref name="From"/>.</param>
/// <param name="To">The used type's full name.</param>
/// <param name="ToNamespace">The used type's namespace (of its outermost declaring type when nested).</param>
/// <param name="ToAssembly">The assembly the used type lives in.</param>
/// <param name="Member">The method or field used, when the use is a call or a field access; null otherwise.</param>
public sealed record TypeDependency(string From, string FromNamespace, string To, string ToNamespace, string ToAssembly, string? Member)
{
    public override string ToString() => $"{From} -> {To}{(Member is null ? "" : $"::{Member}")}";
}

/// <summary>
/// Every type an assembly's types use: base types, interfaces, attributes, fields, properties, signatures, locals
/// and the operands of every IL instruction (calls, field accesses, casts, typeof). Read with Mono.Cecil, so a use
/// inside a method body counts as much as one in a signature, the way NetArchTest reads an assembly; unlike
/// NetArchTest it keeps each edge, so a failing rule names the type and the member that broke it, and it can tell a
/// namespace from its children (Sessions from Sessions.Store).
/// </summary>
public static class TypeDependencies
{
    public static IReadOnlyList<TypeDependency> Of(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var found = new HashSet<TypeDependency>();
        foreach (var type in assembly.MainModule.Types)
        {
            Collect(type, type, found);
        }

        return [.. found];
    }

    private static void Collect(TypeDefinition type, TypeDefinition owner, HashSet<TypeDependency> found)
    {
        void Add(TypeReference? reference, string? member = null)
        {
            foreach (var used in Expand(reference))
            {
                found.Add(new TypeDependency(owner.FullName, owner.Namespace, used.FullName, Outer(used).Namespace, AssemblyOf(used), member));
            }
        }

        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType);
        }

        foreach (var parameter in type.GenericParameters)
        {
            foreach (var constraint in parameter.Constraints)
            {
                Add(constraint.ConstraintType);
            }
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property);
        }

        foreach (var @event in type.Events)
        {
            Add(@event.EventType);
        }

        foreach (var method in type.Methods)
        {
            Add(method.ReturnType);
            AddAttributes(method);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
                AddAttributes(parameter);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }

            foreach (var handler in method.Body.ExceptionHandlers)
            {
                Add(handler.CatchType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operand:
                        Add(operand);
                        break;
                    case MethodReference called:
                        Add(called.DeclaringType, called.Name);
                        Add(called.ReturnType);
                        foreach (var parameter in called.Parameters)
                        {
                            Add(parameter.ParameterType);
                        }

                        if (called is GenericInstanceMethod generic)
                        {
                            foreach (var argument in generic.GenericArguments)
                            {
                                Add(argument);
                            }
                        }

                        break;
                    case FieldReference accessed:
                        Add(accessed.DeclaringType, accessed.Name);
                        Add(accessed.FieldType);
                        break;
                    case CallSite site:
                        Add(site.ReturnType);
                        break;
                }

            }
        }

        foreach (var nested in type.NestedTypes)
        {
            Collect(nested, owner, found);
        }
    }

    /// <summary>A type and the types it is made of: an array's element, a generic's arguments.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? reference)
    {
        switch (reference)
        {
            case null:
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var part in Expand(generic.ElementType))
                {
                    yield return part;
                }

                foreach (var argument in generic.GenericArguments)
                {
                    foreach (var part in Expand(argument))
                    {
                        yield return part;
                    }
                }

                yield break;
            case TypeSpecification specification:
                foreach (var part in Expand(specification.ElementType))
                {
                    yield return part;
                }

                yield break;
            default:
                yield return reference;
                yield break;
        }
    }

    private static TypeReference Outer(TypeReference reference)
    {
        while (reference.IsNested && reference.DeclaringType is not null)
        {
            reference = reference.DeclaringType;
        }

        return reference;
    }

    private static string AssemblyOf(TypeReference reference) => reference.Scope switch
    {
        AssemblyNameReference name => name.Name,
        ModuleDefinition module => module.Assembly.Name.Name,
        _ => reference.Module.Assembly.Name.Name,
    };
}

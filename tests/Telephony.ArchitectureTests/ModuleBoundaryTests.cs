using System.Reflection;
using NetArchTest.Rules;

namespace Telephony.ArchitectureTests;

public sealed class ModuleBoundaryTests
{
    [Theory]
    [MemberData(nameof(AppModule.Names), MemberType = typeof(AppModule))]
    public void A_module_references_only_the_shared_kernel_and_other_modules_contracts(string name)
    {
        var module = AppModule.Named(name);
        var forbidden = AppModule.All.Where(other => other != module).Select(other => other.Implementation.GetName().Name)
            .Append(AppModule.Host.GetName().Name);

        module.Implementation.GetReferencedAssemblies().Select(a => a.Name).Should().NotIntersectWith(forbidden);
    }

    [Theory]
    [MemberData(nameof(AppModule.Names), MemberType = typeof(AppModule))]
    public void No_type_of_a_module_uses_a_type_of_another_modules_implementation(string name)
    {
        var module = AppModule.Named(name);
        foreach (var other in AppModule.All.Where(other => other != module))
        {
            Violations(module.Implementation, other.Implementation).Should().BeEmpty($"{module} may reach {other} only through {other}'s contracts");
        }
    }

    [Theory]
    [MemberData(nameof(AppModule.Names), MemberType = typeof(AppModule))]
    public void A_modules_contracts_depend_on_no_module_implementation(string name)
    {
        var contracts = AppModule.Named(name).Contracts;
        foreach (var module in AppModule.All)
        {
            Violations(contracts, module.Implementation).Should().BeEmpty();
        }
    }

    [Fact]
    public void The_shared_kernel_depends_on_no_module()
    {
        foreach (var module in AppModule.All)
        {
            Violations(AppModule.SharedKernel, module.Implementation).Should().BeEmpty();
            Violations(AppModule.SharedKernel, module.Contracts).Should().BeEmpty();
        }
    }

    [Fact]
    public void The_boundary_check_sees_a_real_dependency()
    {
        // The host composes the modules, so it must show up as depending on their faces: proof
        // that an empty result above means "no dependency", not "the check saw nothing".
        Violations(AppModule.Host, AppModule.Named("Accounts").Implementation).Should().Contain("Program");
    }

    [Theory]
    [MemberData(nameof(AppModule.Names), MemberType = typeof(AppModule))]
    public void A_module_shows_only_its_face(string name)
    {
        var module = AppModule.Named(name);

        var result = Types.InAssembly(module.Implementation)
            .That().ArePublic()
            .And().DoNotResideInNamespaceEndingWith(".Migrations")
            .Should().HaveNameEndingWith("Module")
            .GetResult();

        (result.FailingTypeNames ?? []).Should().BeEmpty("everything but AddX/MapX is internal");
    }

    private static IEnumerable<string> Violations(Assembly from, Assembly to)
    {
        var targets = to.GetTypes()
            .Where(type => type.FullName is not null && !type.FullName.StartsWith('<'))
            .Select(type => type.FullName!)
            .ToArray();
        if (targets.Length == 0)
        {
            return [];
        }

        return Types.InAssembly(from).ShouldNot().HaveDependencyOnAny(targets).GetResult().FailingTypeNames ?? [];
    }
}

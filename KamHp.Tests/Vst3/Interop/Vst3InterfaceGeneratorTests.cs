using KamHp.Vst3.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KamHp.Tests.Vst3.Interop;

/// <summary>
/// The generator behind KamHp.Vst3's interop, run on small declarations: slots in declaration order, bases first, and
/// declarations the VST3 ABI cannot have (two bases, an undeclared base, non-blittable or by-reference parameters)
/// are compile errors instead of a vtable that silently differs from the SDK's.
/// </summary>
public sealed class Vst3InterfaceGeneratorTests
{
    private const string Prelude = """
        namespace KamHp.Vst3.Interop;
        [System.AttributeUsage(System.AttributeTargets.Interface)]
        internal sealed class Vst3InterfaceAttribute(string iid) : System.Attribute { public string Iid { get; } = iid; public bool Implemented { get; init; } }
        [System.AttributeUsage(System.AttributeTargets.Method)]
        internal sealed class OnExceptionAttribute(string expression) : System.Attribute { public string Expression { get; } = expression; }
        internal sealed record ComInterface(nint Vtable, System.Guid[] Iids);
        internal static class TResult { public const int InternalError = 4; }
        internal abstract class ComObject { public static T? From<T>(nint self) where T : class => null; }
        [Vst3Interface("00000000-0000-0000-C000-000000000046")]
        internal unsafe interface IUnknown { int QueryInterface(byte* iid, void** obj); uint AddRef(); uint Release(); }

        """;

    [Fact]
    public void Slots_FollowTheDeclaration_BaseInterfacesFirst_AndTheOutputCompiles()
    {
        var (generated, diagnostics) = Run("""
            [Vst3Interface("11111111-2222-3333-4444-555555555555")]
            internal interface IBase : IUnknown { int Zeta(); int Alpha(int a); }
            [Vst3Interface("66666666-7777-8888-9999-AAAAAAAAAAAA", Implemented = true)]
            internal unsafe interface IDerived : IBase { void Middle(byte state, double* value); nint Last(ushort key); }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var derived = generated.Single(g => g.Contains("class DerivedAbi", StringComparison.Ordinal));
        Assert.Contains("""SlotNames = ["queryInterface", "addRef", "release", "zeta", "alpha", "middle", "last"];""", derived, StringComparison.Ordinal);
        Assert.Contains("v[4] = (nint)(delegate* unmanaged<nint, int, int>)&AlphaEntry;", derived, StringComparison.Ordinal);
        Assert.Contains("v[6] = (nint)(delegate* unmanaged<nint, ushort, nint>)&LastEntry;", derived, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("internal interface IOther : IUnknown { } [Vst3Interface(\"11111111-2222-3333-4444-555555555555\")] internal interface IBad : IUnknown, IOther { }", "KVST001")]
    [InlineData("internal interface IOther : IUnknown { } [Vst3Interface(\"11111111-2222-3333-4444-555555555555\")] internal interface IBad : IOther { }", "KVST002")]
    [InlineData("[Vst3Interface(\"11111111-2222-3333-4444-555555555555\")] internal interface IBad : IUnknown { int SetActive(bool state); }", "KVST003")]
    [InlineData("[Vst3Interface(\"11111111-2222-3333-4444-555555555555\")] internal interface IBad : IUnknown { int OnKeyDown(char key); }", "KVST003")]
    [InlineData("[Vst3Interface(\"11111111-2222-3333-4444-555555555555\")] internal interface IBad : IUnknown { int GetValue(ref double value); }", "KVST003")]
    [InlineData("[Vst3Interface(\"11111111-2222-3333-4444-555555555555\")] internal interface IBad : IUnknown { string GetName(); }", "KVST003")]
    public void DeclarationsTheAbiCannotHave_AreCompileErrors(string declaration, string id)
    {
        var (_, diagnostics) = Run(declaration);
        Assert.Contains(diagnostics, d => d.Id == id && d.Severity == DiagnosticSeverity.Error);
    }

    private static (string[] Generated, IReadOnlyList<Diagnostic> Diagnostics) Run(string declarations)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var compilation = CSharpCompilation.Create(
            "Declarations",
            [CSharpSyntaxTree.ParseText(Prelude + declarations, options)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        CSharpGeneratorDriver.Create([new Vst3InterfaceGenerator().AsSourceGenerator()], parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var generated = output.SyntaxTrees.Skip(1).Select(t => t.ToString()).ToArray();
        return (generated, [.. generatorDiagnostics, .. output.GetDiagnostics()]);
    }
}

using System.Reflection;
using KamHp.Dsp;
using KamHp.Evaluation;

namespace KamHp.Tests.Evaluation;

/// <summary>
/// Issue 10, item 7: the assembly the plugin ships (KamHp.Dsp) carries only what the plugin runs; BSS Eval and its
/// double-precision FFT live in KamHp.Evaluation.
/// </summary>
public sealed class EvaluationAssemblyTests
{
    [Fact]
    public void DspAssembly_HoldsNoEvaluationType()
    {
        Assembly dsp = typeof(KamHpEngine).Assembly;

        string[] evaluationTypes = dsp.GetTypes()
            .Where(t => t.Namespace is not null && t.Namespace.Contains("Evaluation", StringComparison.Ordinal))
            .Select(t => t.FullName ?? t.Name)
            .ToArray();

        Assert.Empty(evaluationTypes);
        Assert.Equal("KamHp.Evaluation", typeof(BssEval).Assembly.GetName().Name);
    }

    [Fact]
    public void DspAssembly_DoesNotReferenceEvaluationAssembly()
    {
        AssemblyName[] references = typeof(KamHpEngine).Assembly.GetReferencedAssemblies();

        Assert.DoesNotContain(references, r => r.Name == "KamHp.Evaluation");
    }
}

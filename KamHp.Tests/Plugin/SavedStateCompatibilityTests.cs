using AudioPlugSharp.KamHp.Controller;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Tests.Plugin;

/// <summary>
/// A project saved before the issue-10 redesign must load after it. The blob in Data/ was written by
/// <see cref="KamHpProcessor.SaveState"/> of the build of 2026-11-26 (commit 2236965) after a host had set every
/// parameter to a value other than its default through parameter queues; it is never regenerated.
/// </summary>
public sealed class SavedStateCompatibilityTests
{
    private const string BlobPath = "Plugin/Data/state-v1-2026-11-26.kamhpstate";

    // The plain values the host set when the blob was written. Tolerance: the format stores plain doubles, and the
    // fader and logarithmic laws round-trip plain -> normalized -> plain within a few ulps.
    private static readonly (ParameterId Id, double Plain)[] s_saved =
    [
        (ParameterId.Balance, 35),
        (ParameterId.HarmonicLevel, -6),
        (ParameterId.PercussiveLevel, 3),
        (ParameterId.Output, (double)OutputMode.PercussiveSolo),
        (ParameterId.Iterations, 4),
        (ParameterId.LatencyMode, (double)LatencyMode.Balanced),
        (ParameterId.SpatialModel, 0),
        (ParameterId.HarmonicKernel, 250),
        (ParameterId.PercussiveKernel, 300),
        (ParameterId.MaskSharpness, 2),
        (ParameterId.Bypass, 1),
    ];

    [Fact]
    public void StateSavedByTheBuildOf20261126_LoadsIntoTheProcessor_WithEveryValue()
    {
        var processor = new KamHpProcessor();
        Assert.Equal(StateReadStatus.Ok, processor.LoadState(File.ReadAllBytes(BlobPath)));
        foreach (var (id, plain) in s_saved)
        {
            Assert.Equal(plain, ParameterTable.Get(id).ToPlain(processor.GetNormalized(id)), 1e-9);
        }
    }

    [Fact]
    public void StateSavedByTheBuildOf20261126_LoadsIntoTheController_WithEveryValue()
    {
        var controller = new ControllerModel();
        Assert.Equal(StateReadStatus.Ok, controller.SetComponentState(File.ReadAllBytes(BlobPath), out var latencyMayChange));
        Assert.True(latencyMayChange);
        foreach (var (id, plain) in s_saved)
        {
            Assert.Equal(plain, ParameterTable.Get(id).ToPlain(controller.GetNormalized((uint)id)), 1e-9);
        }
    }

    [Fact]
    public void StateSavedByTheBuildOf20261126_ActivatesWithTheLatencyOfItsSettings_AndSavesBackTheSameValues()
    {
        var blob = File.ReadAllBytes(BlobPath);
        var processor = new KamHpProcessor();
        Assert.Equal(StateReadStatus.Ok, processor.LoadState(blob));
        processor.Activate(48000, 512, 2);
        var expected = KamHpEngine.ComputeLatencySamples(48000, new EngineSettings
        {
            Iterations = 4,
            LatencyMode = LatencyMode.Balanced,
            SpatialModel = false,
            HarmonicKernelSeconds = 0.25,
            PercussiveKernelHz = 300,
            MaskSharpness = 2,
        });
        Assert.Equal(expected, processor.LatencySamples);

        // Saved again (normalized -> plain for the logarithmic kernels may move the last bit), then read back.
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(processor.SaveState(), out var resaved));
        foreach (var (id, plain) in s_saved)
        {
            Assert.Equal(plain, resaved!.GetPlain(id), 1e-9);
        }
    }

    [Fact]
    public void StateSavedByTheBuildOf20261126_HasNoMethod_AndLoadsWithThePaperMethod_WhileNewInstancesRunHiRes()
    {
        // The blob predates the Method parameter (issue 11): it must sound as before, i.e. run the paper's method.
        var blob = File.ReadAllBytes(BlobPath);
        Assert.DoesNotContain((uint)ParameterId.Method, EntryIds(blob));
        Assert.Equal((double)SeparationMethod.HiRes, ParameterTable.Get(ParameterId.Method).ToPlain(new KamHpProcessor().GetNormalized(ParameterId.Method)));

        var processor = new KamHpProcessor();
        Assert.Equal(StateReadStatus.Ok, processor.LoadState(blob));
        Assert.Equal((double)SeparationMethod.Paper, ParameterTable.Get(ParameterId.Method).ToPlain(processor.GetNormalized(ParameterId.Method)));
        var controller = new ControllerModel();
        Assert.Equal(StateReadStatus.Ok, controller.SetComponentState(blob, out _));
        Assert.Equal((double)SeparationMethod.Paper, ParameterTable.Get(ParameterId.Method).ToPlain(controller.GetNormalized((uint)ParameterId.Method)));

        // Saved again, the method is stored, so the project stays on the paper's method from then on.
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(processor.SaveState(), out var resaved));
        Assert.Contains((uint)ParameterId.Method, EntryIds(processor.SaveState()));
        Assert.Equal((double)SeparationMethod.Paper, resaved!.GetPlain(ParameterId.Method));

        // A state that stores HiRes loads as HiRes (the absent-value rule applies only to states without the entry).
        var hires = PluginStateFormat.Serialize(PluginState.Default);
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(hires, out var loaded));
        Assert.Equal((double)SeparationMethod.HiRes, loaded!.GetPlain(ParameterId.Method));
    }

    private static List<uint> EntryIds(byte[] blob)
    {
        var count = BitConverter.ToInt32(blob, 8);
        return [.. Enumerable.Range(0, count).Select(e => BitConverter.ToUInt32(blob, PluginStateFormat.HeaderSize + (e * PluginStateFormat.EntrySize)))];
    }
}

namespace KamHp.Tests.Vst3;

/// <summary>Tests that load the bundle share one build of it and run one at a time (they share the loaded module).</summary>
[CollectionDefinition(Name)]
public sealed class SharedVst3Bundle : ICollectionFixture<Vst3BundleFixture>
{
    public const string Name = "VST3 bundle";
}

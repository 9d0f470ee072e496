namespace KamHp.Vst3.Interop;

/// <summary>
/// Declares a VST3 COM interface: its methods, in the SDK header's declaration order, are its vtable slots after those of
/// its one base interface. KamHp.Vst3.Generator turns the declaration into <c>&lt;Name&gt;Abi</c> (IID, slot names, caller
/// stubs; with <see cref="Implemented"/> also the vtable and its guarded entry points). Parameter types follow
/// docs/vst3-abi.md 2.3: TBool is <see cref="byte"/>, C++ references are pointers, interface pointers are <see cref="nint"/>.
/// <para>
/// Adding an interface: (1) one file declaring it, with this attribute and its methods in the header's order, deriving
/// from its SDK base (<see cref="IUnknown"/> at the root); (2) for one KamHp implements, set <see cref="Implemented"/>,
/// implement it on a <see cref="ComObject"/> subclass and pass <c>&lt;Name&gt;Abi.Interface</c> to the base constructor
/// (QueryInterface then answers its IID and its bases'); for one the host implements, call it through the generated
/// <c>&lt;Name&gt;Abi.Method(pointer, ...)</c>; (3) add its row, written from the SDK header, to VtableLayoutTests.
/// </para>
/// </summary>
/// <param name="iid">The DECLARE_CLASS_IID words l1-l2hi-l2lo-l3hi-l3lo l4 as a GUID string.</param>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
internal sealed class Vst3InterfaceAttribute(string iid) : Attribute
{
    public string Iid { get; } = iid;

    /// <summary>True when KamHp implements the interface (the host calls it); false when KamHp only calls it.</summary>
    public bool Implemented { get; init; }
}

/// <summary>
/// The value an implemented slot returns when its managed method throws or the object is gone. Without it: tresult
/// (<see cref="int"/>) slots return <see cref="TResult.InternalError"/>, other slots the type's default.
/// </summary>
/// <param name="expression">A C# expression, compiled in the generated entry point.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class OnExceptionAttribute(string expression) : Attribute
{
    public string Expression { get; } = expression;
}

/// <summary>One vtable of an implemented interface and the interface ids QueryInterface answers with it.</summary>
internal sealed record ComInterface(nint Vtable, Guid[] Iids);

using AudioPlugSharp.KamHp.Parameters;
using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>One control on screen: the parameter, its kind and its rectangle in logical pixels.</summary>
public readonly record struct ControlSlot(ParameterId Id, ControlKind Kind, SKRect Bounds);

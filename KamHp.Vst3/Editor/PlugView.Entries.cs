using System.Runtime.InteropServices;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3.Editor;

/// <summary>The vtables and native entry points of <see cref="PlugView"/>; each catches everything (an escaping exception aborts the host).</summary>
internal sealed unsafe partial class PlugView
{
    private static nint BuildViewVtable()
    {
        var v = NewVtable(15);
        v[3] = (nint)(delegate* unmanaged<nint, byte*, int>)&IsPlatformTypeSupportedEntry;
        v[4] = (nint)(delegate* unmanaged<nint, nint, byte*, int>)&AttachedEntry;
        v[5] = (nint)(delegate* unmanaged<nint, int>)&RemovedEntry;
        v[6] = (nint)(delegate* unmanaged<nint, float, int>)&OnWheelEntry;
        v[7] = (nint)(delegate* unmanaged<nint, char, short, short, int>)&OnKeyEntry;
        v[8] = (nint)(delegate* unmanaged<nint, char, short, short, int>)&OnKeyEntry;
        v[9] = (nint)(delegate* unmanaged<nint, ViewRect*, int>)&GetSizeEntry;
        v[10] = (nint)(delegate* unmanaged<nint, ViewRect*, int>)&OnSizeEntry;
        v[11] = (nint)(delegate* unmanaged<nint, byte, int>)&OnFocusEntry;
        v[12] = (nint)(delegate* unmanaged<nint, nint, int>)&SetFrameEntry;
        v[13] = (nint)(delegate* unmanaged<nint, int>)&CanResizeEntry;
        v[14] = (nint)(delegate* unmanaged<nint, ViewRect*, int>)&CheckSizeConstraintEntry;
        return (nint)v;
    }

    private static nint BuildScaleVtable()
    {
        var v = NewVtable(4);
        v[3] = (nint)(delegate* unmanaged<nint, float, int>)&SetContentScaleFactorEntry;
        return (nint)v;
    }

#pragma warning disable CA1031
    [UnmanagedCallersOnly]
    private static int IsPlatformTypeSupportedEntry(nint self, byte* type)
    {
        try
        {
            return IsX11(type) ? TResult.Ok : TResult.False;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    private static int AttachedEntry(nint self, nint parent, byte* type)
    {
        try
        {
            return From<PlugView>(self)?.Attached(parent, type) ?? TResult.InvalidArgument;
        }
        catch (Exception e)
        {
            Diagnostics.Trace("editor: attached failed: " + e.Message);
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    private static int RemovedEntry(nint self)
    {
        try
        {
            return From<PlugView>(self)?.Removed() ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    // Wheel and keys arrive through the X window itself; the host's copies are declined so it can use them.
    [UnmanagedCallersOnly]
    private static int OnWheelEntry(nint self, float distance) => TResult.False;

    [UnmanagedCallersOnly]
    private static int OnKeyEntry(nint self, char key, short keyCode, short modifiers) => TResult.False;

    [UnmanagedCallersOnly]
    private static int GetSizeEntry(nint self, ViewRect* rect)
    {
        try
        {
            return From<PlugView>(self)?.GetSize(rect) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int OnSizeEntry(nint self, ViewRect* rect)
    {
        try
        {
            return From<PlugView>(self)?.OnSize(rect) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int OnFocusEntry(nint self, byte state) => TResult.Ok;

    [UnmanagedCallersOnly]
    private static int SetFrameEntry(nint self, nint frame)
    {
        try
        {
            return From<PlugView>(self)?.SetFrame(frame) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int CanResizeEntry(nint self) => TResult.Ok;

    [UnmanagedCallersOnly]
    private static int CheckSizeConstraintEntry(nint self, ViewRect* rect)
    {
        try
        {
            return From<PlugView>(self)?.CheckSizeConstraint(rect) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetContentScaleFactorEntry(nint self, float factor)
    {
        try
        {
            return From<PlugView>(self)?.SetContentScaleFactor(factor) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }
#pragma warning restore CA1031
}

namespace KamHp.Tests.Editor.Host;

/// <summary>Host-side calls into the plug-in's IPlugView and IPlugViewContentScaleSupport.</summary>
internal static unsafe class PlugViewApi
{
    public static readonly Guid PlugViewIid = new("5BC32507-D060-49EA-A615-1B522B755B29");
    public static readonly Guid ContentScaleIid = new("65ED9690-8AC4-4525-8AAD-EF7A72EA703F");

    private static nint* V(nint self) => *(nint**)self;

    public static nint CreateView(nint controller, string name)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes)
        {
            return ((delegate* unmanaged<nint, byte*, nint>)V(controller)[17])(controller, p);
        }
    }

    public static int IsPlatformTypeSupported(nint view, string type)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(type + "\0");
        fixed (byte* p = bytes)
        {
            return ((delegate* unmanaged<nint, byte*, int>)V(view)[3])(view, p);
        }
    }

    public static int Attached(nint view, nuint parent, string type)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(type + "\0");
        fixed (byte* p = bytes)
        {
            return ((delegate* unmanaged<nint, nint, byte*, int>)V(view)[4])(view, (nint)parent, p);
        }
    }

    public static int Removed(nint view) => ((delegate* unmanaged<nint, int>)V(view)[5])(view);

    public static (int Status, int Width, int Height) GetSize(nint view)
    {
        var rect = stackalloc int[4];
        var status = ((delegate* unmanaged<nint, int*, int>)V(view)[9])(view, rect);
        return (status, rect[2] - rect[0], rect[3] - rect[1]);
    }

    public static int OnSize(nint view, int width, int height)
    {
        var rect = stackalloc int[4] { 0, 0, width, height };
        return ((delegate* unmanaged<nint, int*, int>)V(view)[10])(view, rect);
    }

    public static int SetFrame(nint view, nint frame) => ((delegate* unmanaged<nint, nint, int>)V(view)[12])(view, frame);

    public static int CanResize(nint view) => ((delegate* unmanaged<nint, int>)V(view)[13])(view);

    public static (int Status, int Width, int Height) CheckSizeConstraint(nint view, int width, int height)
    {
        var rect = stackalloc int[4] { 0, 0, width, height };
        var status = ((delegate* unmanaged<nint, int*, int>)V(view)[14])(view, rect);
        return (status, rect[2] - rect[0], rect[3] - rect[1]);
    }

    public static int SetContentScaleFactor(nint scale, float factor) =>
        ((delegate* unmanaged<nint, float, int>)V(scale)[3])(scale, factor);
}

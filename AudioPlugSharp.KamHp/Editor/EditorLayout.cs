using AudioPlugSharp.KamHp.Parameters;
using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// Where everything goes, in logical pixels (physical pixels divided by the content scale). The top panel has a fixed
/// height; extra width goes to the settings column and extra height to the spectrogram. Pure function of the size.
/// </summary>
public sealed class EditorLayout
{
    /// <summary>Size the editor opens with, logical pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Size the editor opens with, logical pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>Smallest size at which everything fits, logical pixels.</summary>
    public const int MinimumWidth = 720;

    /// <summary>Smallest size at which everything fits, logical pixels.</summary>
    public const int MinimumHeight = 430;

    private const float Margin = 16f;
    private const float HeaderHeight = 40f;
    private const float PanelTop = 48f;
    private const float PanelHeight = 224f;
    private const float RowHeight = 44f;

    private EditorLayout(float width, float height, SKRect header, SKRect meters, SKRect spectrogram, ControlSlot[] controls)
    {
        Width = width;
        Height = height;
        Header = header;
        Meters = meters;
        Spectrogram = spectrogram;
        Controls = controls;
    }

    /// <summary>Logical width.</summary>
    public float Width { get; }

    /// <summary>Logical height.</summary>
    public float Height { get; }

    /// <summary>Title bar.</summary>
    public SKRect Header { get; }

    /// <summary>The three level meters.</summary>
    public SKRect Meters { get; }

    /// <summary>The scrolling spectrogram.</summary>
    public SKRect Spectrogram { get; }

    /// <summary>Every control, in drawing order.</summary>
    public IReadOnlyList<ControlSlot> Controls { get; }

    /// <summary>Lays out a logical size (clamped up to the minimum).</summary>
    public static EditorLayout Compute(float width, float height)
    {
        width = Math.Max(width, MinimumWidth);
        height = Math.Max(height, MinimumHeight);
        var header = new SKRect(0, 0, width, HeaderHeight);
        var top = PanelTop;
        var bottom = PanelTop + PanelHeight;
        var controls = new List<ControlSlot>
        {
            new(ParameterId.Bypass, ControlKind.Toggle, new SKRect(width - Margin - 96, 8, width - Margin, 32)),
            new(ParameterId.Balance, ControlKind.Knob, new SKRect(Margin, top, Margin + 230, bottom)),
            new(ParameterId.HarmonicLevel, ControlKind.Fader, new SKRect(262, top, 322, bottom)),
            new(ParameterId.PercussiveLevel, ControlKind.Fader, new SKRect(330, top, 390, bottom)),
        };
        var meters = new SKRect(406, top, 526, bottom);

        // Settings column: Output, Latency mode (+ latency), Iterations and Spatial model.
        float left = 544, right = width - Margin, y = top + 16;
        controls.Add(new(ParameterId.Output, ControlKind.Segmented, new SKRect(left, y, right, y + 28)));
        y += 28 + 26;
        controls.Add(new(ParameterId.LatencyMode, ControlKind.Segmented, new SKRect(left, y, right, y + 28)));
        y += 28 + 26;
        var half = (left + right) / 2;
        controls.Add(new(ParameterId.Iterations, ControlKind.Stepper, new SKRect(left, y + 16, half - 6, y + 44)));
        controls.Add(new(ParameterId.SpatialModel, ControlKind.Toggle, new SKRect(half + 6, y + 16, right, y + 44)));

        // Compact second row: the remaining parameters.
        var rowTop = bottom + 8;
        var third = (width - (2 * Margin)) / 3;
        ParameterId[] row = [ParameterId.HarmonicKernel, ParameterId.PercussiveKernel, ParameterId.MaskSharpness];
        for (var i = 0; i < row.Length; i++)
        {
            var x = Margin + (i * third);
            controls.Add(new(row[i], ControlKind.Slider, new SKRect(x, rowTop, x + third - 12, rowTop + RowHeight - 8)));
        }

        var spectrogram = new SKRect(Margin + 36, rowTop + RowHeight + 4, width - Margin, height - Margin);
        return new EditorLayout(width, height, header, meters, spectrogram, [.. controls]);
    }

    /// <summary>The control under a logical point, or null.</summary>
    public ControlSlot? HitTest(float x, float y)
    {
        foreach (var slot in Controls)
        {
            if (slot.Bounds.Contains(x, y))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>The rectangle of a parameter's control.</summary>
    public SKRect BoundsOf(ParameterId id)
    {
        foreach (var slot in Controls)
        {
            if (slot.Id == id)
            {
                return slot.Bounds;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(id), id, "No control for this parameter.");
    }
}

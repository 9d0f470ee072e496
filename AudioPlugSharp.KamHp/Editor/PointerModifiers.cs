namespace AudioPlugSharp.KamHp.Editor;

/// <summary>Modifier keys that change how a pointer gesture edits.</summary>
[Flags]
public enum PointerModifiers
{
    /// <summary>No modifier.</summary>
    None = 0,

    /// <summary>Fine adjustment (Shift or Ctrl): a tenth of the normal speed, no detent.</summary>
    Fine = 1,
}

namespace KamHp.Cli.Live;

/// <summary>
/// One short MIDI message (1 to 3 bytes) at a frame of the current period. System messages and anything longer than
/// three bytes (SysEx) are not kept: nothing in <c>kamhp live</c> listens to them.
/// </summary>
internal readonly record struct MidiMessage(int Frame, byte Status, byte Data1, byte Data2)
{
    /// <summary>The message kind (upper nibble of the status byte): 0x80 note off, 0x90 note on, 0xB0 control change.</summary>
    public int Kind => Status & 0xF0;

    /// <summary>MIDI channel 1..16.</summary>
    public int Channel => (Status & 0x0F) + 1;

    /// <summary>Control change number 0..127 (or note number).</summary>
    public int Controller => Data1 & 0x7F;

    /// <summary>Control value 0..127 (or note velocity).</summary>
    public int Value => Data2 & 0x7F;

    /// <summary>Packs the message into one int (for lock-free hand-over to the display); frame dropped.</summary>
    public int Pack() => (Status << 16) | (Data1 << 8) | Data2;

    /// <summary>Inverse of <see cref="Pack"/> (frame 0).</summary>
    public static MidiMessage Unpack(int packed) => new(0, (byte)(packed >> 16), (byte)(packed >> 8), (byte)packed);

    /// <summary>A control change on channel 1..16.</summary>
    public static MidiMessage ControlChange(int frame, int channel, int controller, int value) =>
        new(frame, (byte)(0xB0 | ((channel - 1) & 0x0F)), (byte)(controller & 0x7F), (byte)(value & 0x7F));

    /// <summary>A note on channel 1..16.</summary>
    public static MidiMessage NoteOn(int frame, int channel, int note, int velocity) =>
        new(frame, (byte)(0x90 | ((channel - 1) & 0x0F)), (byte)(note & 0x7F), (byte)(velocity & 0x7F));
}

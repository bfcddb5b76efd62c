# CLI test of dlms-translate: runs the tool on a few inputs and checks output and exit code.
# cmake -DTOOL=<dlms-translate> -DDATA=<this folder> -P cli_test.cmake
# run(<exit code> <text the output must contain> <args...>); stdin comes from ${STDIN}.
set(STDIN ${DATA}/stdin.txt)
function(run expect_rc expect_out)
  execute_process(COMMAND ${TOOL} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  INPUT_FILE ${STDIN})
  string(STRIP "${out}${err}" both)
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "dlms-translate ${ARGN}: exit ${rc}, expected ${expect_rc}\n${both}")
  endif()
  string(FIND "${both}" "${expect_out}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "dlms-translate ${ARGN}: output lacks '${expect_out}':\n${both}")
  endif()
  set(last_output "${both}" PARENT_SCOPE)
endfunction()

function(expect_one_line)
  string(FIND "${last_output}" "\n" nl)
  if(NOT nl EQUAL -1)
    message(FATAL_ERROR "error output is more than one line:\n${last_output}")
  endif()
endfunction()

# data2xml / xml2data, both directions, XML and JSON (Blue Book 4.1.5 data types).
run(0 "<Structure Qty=\"02\">" data2xml "02 02 09 06 01 00 01 08 00 FF 06 00 00 01 2C")
run(0 "<UInt32 Value=\"0000012C\" />" data2xml "0202090601000108 00FF 0600 00012C")
run(0 "{\"Structure\":[{\"OctetString\":\"0100010800FF\"},{\"UInt32\":\"0000012C\"}]}"
    --json --indent 0 data2xml 020209060100010800FF060000012C)
run(0 "02 02 09 06 01 00 01 08 00 FF 06 00 00 01 2C" xml2data ${DATA}/data.xml)
run(0 "020209060100010800FF060000012C" --compact --json xml2data ${DATA}/data.json)

# Bad input: one line, what and where, exit 1.
run(1 "error: " data2xml "02 02 09 06 01 00")
expect_one_line()
run(1 "at byte 3" data2xml "02 02 09 06 01 00")
run(1 "error: invalid hex digit 'G' at byte 1" data2xml "01 G2")
expect_one_line()
run(1 "error: odd number of hex digits at byte 2" data2xml "01 02 0")
run(1 "error: trailing bytes after the data value at byte 1" data2xml "00 00")
run(1 "at line 3 (<UInt8>)" xml2data ${DATA}/bad_data.xml)
expect_one_line()
run(1 "error: unknown data element <Foo>" --json xml2data ${DATA}/bad_data.json)
run(2 "" frobnicate 00)

# pdu2xml / xml2pdu: the Green Book AARQ (LN, no security) and a get-request, both directions.
set(aarq "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0")
run(0 "<ApplicationContextName Value=\"LN\" />" pdu2xml ${aarq})
run(0 "<ConformanceBit Name=\"BlockTransferWithGetOrRead\" />" pdu2xml ${aarq})
run(0 "${aarq}" xml2pdu ${DATA}/aarq.xml)
run(0 "<InstanceId Value=\"0000010000FF\" />" --comments pdu2xml C0 01 C1 00 08 00 00 01 00 00 FF 02 00)
run(0 "<!--0.0.1.0.0.255-->" --comments pdu2xml C0 01 C1 00 08 00 00 01 00 00 FF 02 00)
run(0 "C0 01 C1 00 08 00 00 01 00 00 FF 02 00" --json xml2pdu ${DATA}/get_request.json)
run(0 "{\"GetResponse\":[{\"GetResponseNormal\":[{\"InvokeIdAndPriority\":\"C1\"},{\"Result\":[{\"Data\":[{\"UInt16\":\"0005\"}]}]}]}]}"
    --json --indent 0 pdu2xml C4 01 C1 00 12 00 05)
# Reading from stdin: "-" as HEX or as FILE.
set(STDIN ${DATA}/aarq.hex)
run(0 "<AssociationRequest>" pdu2xml -)
set(STDIN ${DATA}/aarq.xml)
run(0 "${aarq}" xml2pdu -)
set(STDIN ${DATA}/stdin.txt)

# Bad APDUs: one line, what and where, exit 1.
run(1 "error: unknown APDU tag FE at byte 0" pdu2xml FE 00)
expect_one_line()
run(1 "error: APDU truncated at byte 3" pdu2xml C0 01 C1 00 08 00 00 01 00 00)
expect_one_line()
run(1 "error: trailing bytes after the APDU at byte 13" pdu2xml C0 01 C1 00 08 00 00 01 00 00 FF 02 00 00)
run(1 "error: InstanceId must be 6 bytes at line 6 (<InstanceId>)" xml2pdu ${DATA}/bad_get_request.xml)
expect_one_line()
run(1 "error: cannot read" xml2pdu ${DATA}/no_such_file.xml)

# frame2xml: HDLC frames (IEC 62056-46 examples as tested in transports/hdlc/tests) and a wrapper
# frame (IEC 62056-47), the APDU inside translated; a wrong FCS or HCS refused with one line.
set(snrm "7E A0 07 03 21 93 0F 01 7E")
set(ua "7E A0 1E 21 03 73 C3 7A 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E")
# I frame with a get-request of the clock, from transports/hdlc/tests/data/published_session.inc.
set(iframe "7E A0 19 03 03 54 DC CE E6 E6 00 C0 01 88 00 08 00 00 01 00 00 FF 02 00 5E 3E 7E")
set(wrapper "00 01 00 10 00 01 00 0D C0 01 C1 00 08 00 00 01 00 00 FF 02 00")
run(0 "<Control Value=\"93\" Kind=\"SNRM\" PF=\"1\" />" frame2xml ${snrm})
run(0 "<DestinationAddress Role=\"Server\" Upper=\"1\" Size=\"1\" />" frame2xml ${snrm})
run(0 "<SourceAddress Role=\"Client\" Upper=\"16\" Size=\"1\" />" frame2xml ${snrm})
run(0 "<Fcs Value=\"010F\" />" frame2xml ${snrm})
run(0 "<Control Value=\"73\" Kind=\"UA\" PF=\"1\" />" frame2xml ${ua})
run(0 "<Hcs Value=\"7AC3\" />" frame2xml ${ua})
run(0 "<Parameters MaxInfoFieldTransmit=\"128\" MaxInfoFieldReceive=\"128\" WindowTransmit=\"1\" WindowReceive=\"1\" />"
    frame2xml ${ua})
run(0 "<FrameFormat Type=\"3\" Segmented=\"0\" Length=\"25\" />" frame2xml ${iframe})
run(0 "<Control Value=\"54\" Kind=\"I\" NS=\"2\" NR=\"2\" PF=\"1\" />" frame2xml ${iframe})
run(0 "<Llc Value=\"E6E600\" Kind=\"Command\" />" frame2xml ${iframe})
run(0 "<InstanceId Value=\"0000010000FF\" />" frame2xml ${iframe})
run(0 "\"Apdu\":{\"GetRequest\":[{\"GetRequestNormal\":[{\"InvokeIdAndPriority\":\"88\"}" --json frame2xml ${iframe})
run(0 "<WrapperFrame Version=\"1\" SourceWPort=\"16\" DestinationWPort=\"1\" Length=\"13\">" frame2xml ${wrapper})
run(0 "<InvokeIdAndPriority Value=\"C1\" />" frame2xml ${wrapper})
run(0 "{\"WrapperFrame\":{\"Version\":\"1\",\"SourceWPort\":\"16\"" --json frame2xml ${wrapper})
# The I frame with its last FCS octet changed (3E -> 3F), then its HCS (CE -> CF), then cut.
run(1 "error: wrong FCS at byte 24" frame2xml "7E A0 19 03 03 54 DC CE E6 E6 00 C0 01 88 00 08 00 00 01 00 00 FF 02 00 5E 3F 7E")
expect_one_line()
run(1 "error: wrong HCS at byte 6" frame2xml "7E A0 19 03 03 54 DC CF E6 E6 00 C0 01 88 00 08 00 00 01 00 00 FF 02 00 5E 3E 7E")
expect_one_line()
run(1 "error: HDLC frame truncated at byte 20" frame2xml "7E A0 19 03 03 54 DC CE E6 E6 00 C0 01 88 00 08 00 00 01 00")
expect_one_line()
run(1 "error: wrapper version is not 0001 at byte 0" frame2xml "00 02 00 10 00 01 00 0D C0 01 C1 00 08 00 00 01 00 00 FF 02 00")
expect_one_line()
run(1 "error: wrapper frame truncated at byte 10" frame2xml "00 01 00 10 00 01 00 0D C0 01")
expect_one_line()

# encrypt / decrypt (security suite 0): the Green Book Table 40 vectors (DLMS UA 1000-2,
# glo-get-request of the Clock time attribute; keys 000102..0F / D0D1..DF, system title
# 4D4D4D0000BC614E, IC 01234567), each security control, both directions.
set(keys --block-key 000102030405060708090A0B0C0D0E0F --auth-key D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF
         --system-title 4D4D4D0000BC614E)
set(plain "C0 01 00 00 08 00 00 01 00 00 FF 02 00")
set(auth_enc "C8 1E 30 01 23 45 67 41 13 12 FF 93 5A 47 56 68 27 C4 67 BC 7D 82 5C 3B E4 A7 7C 3F CC 05 6B 6B")
set(auth_only "C8 1E 10 01 23 45 67 C0 01 00 00 08 00 00 01 00 00 FF 02 00 06 72 5D 91 0F 92 21 D2 63 87 75 16")
set(enc_only "C8 12 20 01 23 45 67 41 13 12 FF 93 5A 47 56 68 27 C4 67 BC")
run(0 "${auth_enc}" encrypt ${plain} ${keys} --invocation-counter 0x01234567 --security-control 30)
run(0 "${auth_only}" encrypt ${plain} ${keys} --invocation-counter 19088743 --security-control 10)
run(0 "${enc_only}" encrypt ${plain} ${keys} --invocation-counter 0x01234567 --security-control 0x20)
run(0 "C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B" --compact encrypt ${plain} ${keys}
    --invocation-counter 0x01234567)
run(0 "DB 08 4D 4D 4D 00 00 BC 61 4E 1E 30 01 23 45 67 41 13" encrypt ${plain} ${keys} --invocation-counter 0x01234567 --general)
run(0 "${plain}" decrypt ${auth_enc} ${keys})
run(0 "${plain}" decrypt ${auth_only} ${keys})
run(0 "${plain}" decrypt ${enc_only} ${keys})
run(0 "${plain}" decrypt "DB 08 4D 4D 4D 00 00 BC 61 4E 1E 30 01 23 45 67 41 13 12 FF 93 5A 47 56 68 27 C4 67 BC 7D 82 5C 3B E4 A7 7C 3F CC 05 6B 6B"
    --block-key 000102030405060708090A0B0C0D0E0F --auth-key D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF)
# A wrong key, a tampered tag, a plain APDU, a wrong system title: one line, exit 1.
run(1 "error: authentication failed: wrong key, system title or tag" decrypt ${auth_enc}
    --block-key 000102030405060708090A0B0C0D0E0E --auth-key D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF --system-title 4D4D4D0000BC614E)
expect_one_line()
run(1 "error: authentication failed" decrypt "C8 1E 30 01 23 45 67 41 13 12 FF 93 5A 47 56 68 27 C4 67 BC 7D 82 5C 3B E4 A7 7C 3F CC 05 6B 6C" ${keys})
expect_one_line()
run(1 "error: not a ciphered APDU (tag C0) at byte 0" decrypt ${plain} ${keys})
expect_one_line()
run(1 "error: authentication failed" decrypt ${auth_enc} --block-key 000102030405060708090A0B0C0D0E0F
    --auth-key D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF --system-title 4D4D4D0000BC614F)
run(1 "error: the block key must be 16 or 32 octets" decrypt ${auth_enc} --block-key 0001 --system-title 4D4D4D0000BC614E)
expect_one_line()
run(1 "has no glo-/ded- form" encrypt "0F 00 00 00 01 00 00" ${keys})
expect_one_line()
run(2 "error: decrypt needs --block-key" decrypt ${auth_enc})
# pdu2xml with the keys shows the deciphered content, nested; the XML translates back.
run(0 "<Deciphered>" pdu2xml ${auth_enc} ${keys})
run(0 "<InstanceId Value=\"0000010000FF\" />" pdu2xml ${auth_enc} ${keys})
run(0 "\"Deciphered\":[{\"GetRequest\":[{\"GetRequestNormal\"" --json --indent 0 pdu2xml ${auth_enc} ${keys})
run(1 "error: cannot decipher: authentication failed" pdu2xml ${auth_enc} --block-key 000102030405060708090A0B0C0D0E0E
    --auth-key D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF --system-title 4D4D4D0000BC614E)
expect_one_line()
execute_process(COMMAND ${TOOL} pdu2xml ${auth_enc} ${keys} OUTPUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/deciphered.xml
                RESULT_VARIABLE rc)
run(0 "${auth_enc}" xml2pdu ${CMAKE_CURRENT_BINARY_DIR}/deciphered.xml)

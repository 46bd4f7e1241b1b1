# Run wr-demo (-DDEMO=path) and check it succeeded and printed what it promises.
execute_process(COMMAND ${DEMO} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "wr-demo exited with ${status}")
endif()
foreach(line
    "fib\\(30\\) = 832040"
    "out: \"The Quick Brown Fox Jumps Over The Lazy Dog\" \\(read back; the cleanup hook gave"
    "-> u32 7, string \"WebAssembly\", u32 array {11, 8, 5, 5, 4, 4, 7}"
    "divide\\(7, 0\\)  -> .*integer divide by zero"
    "divide\\(84, 2\\) -> 42"
    "deadline exceeded after"
    "stopped at spin"
    "cancelled after"
    "All done")
  if(NOT out MATCHES "${line}")
    message(FATAL_ERROR "wr-demo did not print a line matching: ${line}")
  endif()
endforeach()

-- wrk script: POST distinct reports; every tenth shares a wallet so campaigns form and merge.
local counter = 0
local wallets = {
  "1G53gZGr32vHPBxhCvbH1JPNc4oYyfsZhG", "13u7FYGqDfYjjsP6VSznB5be4mHHZo4rPT",
  "1Lw16f5QBifZt2qnqqaRvSSv14P5tCM3Y3",
}
local thread_id = 0
setup = function(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end
request = function()
  counter = counter + 1
  local phone = string.format("09%08d", (thread_id * 10000000 + counter) % 100000000)
  local text = "Tôi là thám tử tư. Tôi có ảnh nhạy cảm của anh. Chuyển 3000 USDT vào ví "
    .. wallets[(counter % 3) + 1] .. " trước 9h sáng mai, không thì tôi gửi cho vợ anh. Gọi "
    .. phone .. " để nói chuyện."
  local body = '{"text": "' .. text .. '", "channel": "zalo", "amount_demanded": 3000, '
    .. '"currency": "USDT", "paid": false, "contact": "load test ' .. counter .. '", '
    .. '"consent_police": true}'
  return wrk.format("POST", "/api/v1/reports", {["Content-Type"] = "application/json"}, body)
end
response = function(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
